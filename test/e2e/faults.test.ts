import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepareTestUser, runCliAsUser } from '../helpers/as-user.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { mountTmpfs } from '../helpers/mount-tmpfs.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

/** An environment fault: exit 2, one line on stderr naming the place and what to do, no stack trace. */
function expectFault(run: CliRun, culprit: RegExp): void {
  expect(run.status, run.stderr).to.equal(2);
  const lines = run.stderr.trim().split('\n');
  expect(
    lines.filter((line) => line.startsWith('specgate: error: ')),
    run.stderr,
  ).to.have.length(1);
  expect(lines[lines.length - 1]).to.match(culprit);
  expect(run.stderr).not.to.match(/\n\s+at |Error: |node:internal/);
}

const JOB = configFile('jobs:\n  check:\n    run: test -f README.md\n');

/** A repository whose branch `big` adds a 25 MB file: a state larger than a 20 MB tmpfs. */
function bigRepository(): string {
  const dir = scratchDir('specgate-big-');
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'README.md'), 'small\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'Start');
  git(dir, 'checkout', '-qb', 'big');
  // Compresses to almost nothing in the repository, and takes its full size once checked out.
  fs.writeFileSync(path.join(dir, 'data.bin'), Buffer.alloc(25 * 1024 * 1024, 'x'));
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'Add a big file');
  git(dir, 'checkout', '-q', 'main');
  return dir;
}

describe('faults of the environment', () => {
  describe('a full disk (a 20 MB tmpfs)', () => {
    it('as --work-dir, a state larger than it: exit 2 naming the directory, nothing left there', async function () {
      const tmpfs = mountTmpfs(20);
      if ('reason' in tmpfs) {
        console.log(`      skipped: ${tmpfs.reason}`);
        return this.skip();
      }
      const dir = bigRepository();
      const run = await runCli(['gate', 'big', '--work-dir', tmpfs.dir, '--config', JOB], { cwd: dir });
      expectFault(
        run,
        new RegExp(
          `^specgate: error: no space left on the device \\(ENOSPC, write\\): ${tmpfs.dir}/01-big. Try this: free some space there`,
        ),
      );
      expect(fs.readdirSync(tmpfs.dir)).to.deep.equal([]);
      expect(run.stdout).to.equal('');
    });

    it('holding the repository: exit 2 naming the repository, no temporary directory left', async function () {
      const tmpfs = mountTmpfs(20);
      if ('reason' in tmpfs) {
        console.log(`      skipped: ${tmpfs.reason}`);
        return this.skip();
      }
      const { dir: source } = await fixtureRepo('demo');
      const dir = path.join(tmpfs.dir, 'repo');
      fs.cpSync(source, dir, { recursive: true });
      // Fill the file system up to the last byte.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${path.join(tmpfs.dir, 'filler')}`, 'bs=1M'], {
          stdio: 'ignore',
        });
      } catch {
        // dd stops at ENOSPC: that is the point.
      }
      const tmp = scratchDir('specgate-tmp-');
      const run = await runCli(['gate', 'add-farewell', '--config', JOB], { cwd: dir, env: { TMPDIR: tmp } });
      expectFault(
        run,
        new RegExp(`^specgate: error: no space left on the device \\(ENOSPC, \\w+\\): ${dir}/\\.git\\b`),
      );
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
    });
  });

  describe("a full disk holding the repository, the states' commits already written", () => {
    it('a job whose log cannot be written ends the run: exit 2 naming the log, not a rejected change', async function () {
      const tmpfs = mountTmpfs(20);
      if ('reason' in tmpfs) {
        console.log(`      skipped: ${tmpfs.reason}`);
        return this.skip();
      }
      const { dir: source } = await fixtureRepo('demo');
      const dir = path.join(tmpfs.dir, 'repo');
      fs.cpSync(source, dir, { recursive: true });
      expect((await runCli(['plan', 'add-farewell'], { cwd: dir })).status).to.equal(0);
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${path.join(tmpfs.dir, 'filler')}`, 'bs=1M'], {
          stdio: 'ignore',
        });
      } catch {
        // Full.
      }
      const run = await runCli(['gate', 'add-farewell', '--config', JOB], { cwd: dir });
      expectFault(
        run,
        new RegExp(
          `^specgate: error: no space left on the device \\(ENOSPC, write\\): ${dir}/\\.git/specgate/logs/\\S+/check\\.log. Try this: free some space on that file system$`,
        ),
      );
      expect(run.stdout).to.equal('');
    });
  });

  describe('a read-only repository, run as a user who may not write it', () => {
    let ready: { reason?: string };
    let dir: string;
    before(async () => {
      ready = prepareTestUser();
      ({ dir } = await fixtureRepo('demo'));
      execFileSync('chmod', ['-R', 'a+rX,go-w', dir]);
      execFileSync('chmod', ['a+rx', path.dirname(JOB)]);
    });

    it('gate: exit 2 naming the path it may not write', function () {
      if (ready.reason) {
        console.log(`      skipped: ${ready.reason}`);
        return this.skip();
      }
      const run = runCliAsUser(['gate', 'add-farewell', '--config', JOB], { cwd: dir });
      expectFault(
        run,
        new RegExp(
          `^specgate: error: permission denied \\(EACCES, \\w+\\): ${dir}/\\.git/\\S+. Try this: run as a user who may write there`,
        ),
      );
      expect(run.stdout).to.equal('');
    });

    it("plan, which writes the states' commits: exit 2 naming the object directory", function () {
      if (ready.reason) {
        console.log(`      skipped: ${ready.reason}`);
        return this.skip();
      }
      const run = runCliAsUser(['plan', 'add-farewell'], { cwd: dir });
      expectFault(
        run,
        new RegExp(`^specgate: error: permission denied \\(EACCES, \\w+\\): ${dir}/\\.git/objects\\b`),
      );
    });

    it('--json: the error on stdout with its code and the path', function () {
      if (ready.reason) return this.skip();
      const run = runCliAsUser(['plan', 'add-farewell', '--json'], { cwd: dir });
      expect(run.status, run.stderr).to.equal(2);
      const { error } = JSON.parse(run.stdout) as {
        error: { code: string; message: string; suggestion: string; data: { path: string } };
      };
      expect(error.code).to.equal('PERMISSION_DENIED');
      expect(error.data.path).to.match(new RegExp(`^${dir}/\\.git/objects`));
      expect(error.suggestion).to.be.a('string');
    });
  });

  describe('a damaged object', () => {
    it('a loose object overwritten with garbage: exit 2 naming the object, suggesting git fsck', async () => {
      const { dir } = await fixtureRepo('demo');
      const tree = git(dir, 'rev-parse', 'add-farewell^{tree}').trim();
      const file = path.join(dir, '.git', 'objects', tree.slice(0, 2), tree.slice(2));
      fs.chmodSync(file, 0o644);
      fs.writeFileSync(file, 'garbage\n');
      expectFault(
        await runCli(['plan', 'add-farewell'], { cwd: dir }),
        new RegExp(`damaged object: loose object ${tree} is corrupt.*git fsck`),
      );
      // The tip commit itself damaged: not "unknown revision", not "missing".
      const tip = git(dir, 'rev-parse', 'shout-greeting').trim();
      const tipFile = path.join(dir, '.git', 'objects', tip.slice(0, 2), tip.slice(2));
      fs.chmodSync(tipFile, 0o644);
      fs.writeFileSync(tipFile, 'garbage\n');
      const run = await runCli(['gate', 'shout-greeting', '--json'], { cwd: dir });
      expect(run.status).to.equal(2);
      expect(JSON.parse(run.stdout).error).to.deep.include({ code: 'CORRUPT_OBJECT', data: { oid: tip } });
    });

    it('a byte flipped inside a pack: exit 2 naming the pack and the place, suggesting git fsck', async () => {
      const { dir } = await fixtureRepo('demo');
      git(dir, 'repack', '-adq');
      git(dir, 'prune-packed');
      const [idx] = fs
        .readdirSync(path.join(dir, '.git', 'objects', 'pack'))
        .filter((name) => name.endsWith('.idx'));
      const index = path.join(dir, '.git', 'objects', 'pack', idx);
      const tree = git(dir, 'rev-parse', 'add-farewell^{tree}').trim();
      // `oid type size size-in-pack offset ...`: flip a byte in the middle of the tree's compressed data.
      const line = git(dir, 'verify-pack', '-v', index)
        .split('\n')
        .find((row) => row.startsWith(tree))!;
      const [, , , packed, offset] = line.split(/\s+/).map(Number);
      const pack = index.replace(/\.idx$/, '.pack');
      const bytes = fs.readFileSync(pack);
      bytes[offset + Math.floor(packed / 2)] ^= 0xff;
      fs.chmodSync(pack, 0o644);
      fs.writeFileSync(pack, bytes);
      expectFault(
        await runCli(['plan', 'add-farewell'], { cwd: dir }),
        new RegExp(`damaged object: ${pack}: .*corrupt.*. Try this: run 'git fsck'`),
      );
    });
  });
});
