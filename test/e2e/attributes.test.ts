import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, scratchDir } from '../helpers/fixture-repo.js';
import { isolatedGitEnv } from '../helpers/isolated-git-env.js';
import { runCli } from '../helpers/run-cli.js';

function run(cwd: string, env: NodeJS.ProcessEnv, command: string, ...args: string[]): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function write(root: string, file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A job that records, outside the state, how the state's files look on disk and what git says of them. */
const INSPECT = `
jobs:
  inspect:
    env: { OUT: "%OUT%" }
    run: |
      set -e
      o="$OUT/$SPECGATE_CHANGE"; mkdir -p "$o"
      od -c a.txt > "$o/od"
      for f in %FILES%; do sha256sum "$f"; done > "$o/sums"
      git status --porcelain > "$o/status"
`;

/** sha256sum lines of `files` in `dir`, as the job prints them. */
function sums(dir: string, files: string[]): string {
  return files.map((file) => `${sha256(fs.readFileSync(path.join(dir, file)))}  ${file}\n`).join('');
}

describe('state directories with attributes', function () {
  this.timeout(120_000);

  it('hold what git checkout writes with text=auto eol=crlf, and with conversion turned off by a change', async () => {
    const env = isolatedGitEnv();
    const repo = scratchDir('specgate-attrs-');
    const git = (...args: string[]): string => run(repo, env, 'git', ...args);
    git('init', '-q', '-b', 'main');
    write(repo, '.gitattributes', '* text=auto eol=crlf\n*.bin binary\n');
    write(repo, 'a.txt', 'one\ntwo\n');
    write(repo, 'keep.txt', 'already\r\ncrlf\n');
    write(repo, 'data.bin', Buffer.from('x\ny\0\n'));
    git('add', '-A');
    git('commit', '-qm', 'main');
    git('checkout', '-qb', 'feature');
    write(repo, 'b.txt', 'new\nfile\n');
    git('add', '-A');
    git('commit', '-qm', 'feature');
    // A second change that turns conversion off.
    git('checkout', '-qb', 'plain', 'main');
    write(repo, '.gitattributes', '* -text\n');
    git('add', '-A');
    git('commit', '-qm', 'plain');
    git('checkout', '-q', 'main');

    const out = scratchDir('specgate-out-');
    const files = ['a.txt', 'keep.txt', 'data.bin'];
    const config = configFile(INSPECT.replace('%OUT%', out).replace('%FILES%', files.join(' ')));
    const result = await runCli(['check', 'feature', 'plain', '--json', '--config', config], {
      cwd: repo,
      env,
    });
    expect(result.status, result.stderr).to.equal(0);
    const json = JSON.parse(result.stdout) as PipelineResult;

    for (const change of json.changes) {
      // The oracle: git's own checkout of the same speculative commit.
      const native = path.join(scratchDir('specgate-native-'), 'wt');
      git('worktree', 'add', '-q', '--detach', native, change.speculativeSha!);
      const seen = (file: string): string => fs.readFileSync(path.join(out, change.id, file), 'utf8');
      expect(seen('sums'), change.id).to.equal(sums(native, files));
      expect(seen('status'), change.id).to.equal('');
    }
    const od = (id: string): string => fs.readFileSync(path.join(out, id, 'od'), 'utf8');
    expect(od('feature')).to.match(/o +n +e +\\r +\\n +t +w +o +\\r +\\n/);
    expect(od('plain')).to.match(/o +n +e +\\n +t +w +o +\\n/);
  });

  it('end the jobs of a state as ERROR when a required filter fails, naming the path and the driver', async () => {
    const env = isolatedGitEnv();
    const repo = scratchDir('specgate-attrs-');
    const git = (...args: string[]): string => run(repo, env, 'git', ...args);
    git('init', '-q', '-b', 'main');
    write(repo, 'a.txt', 'a\n');
    git('add', '-A');
    git('commit', '-qm', 'main');
    git('checkout', '-qb', 'feature');
    write(repo, '.gitattributes', '*.secret filter=vault\n');
    write(repo, 'key.secret', 'sealed\n');
    git('add', '-A');
    git('commit', '-qm', 'feature');
    git('checkout', '-q', 'main');
    git('config', 'filter.vault.smudge', 'echo "vault is locked" >&2; exit 1');
    git('config', 'filter.vault.required', 'true');

    const out = scratchDir('specgate-out-');
    const config = configFile(INSPECT.replace('%OUT%', out).replace('%FILES%', 'a.txt'));
    const result = await runCli(['check', 'feature', '--json', '--config', config], { cwd: repo, env });
    expect(result.status, result.stderr).to.equal(1);
    const json = JSON.parse(result.stdout) as PipelineResult;
    const [change] = json.changes;
    expect(change.jobs.map((job) => [job.name, job.result])).to.deep.equal([['inspect', 'ERROR']]);
    expect(change.jobs[0].message).to.include('key.secret: smudge filter vault failed');
    expect(fs.existsSync(path.join(out, 'feature'))).to.equal(false);
  });

  it('hold the real content of git-lfs files, with git status clean', async function () {
    const env = isolatedGitEnv();
    const repo = scratchDir('specgate-lfs-');
    const git = (...args: string[]): string => run(repo, env, 'git', ...args);
    git('init', '-q', '-b', 'main');
    // Installs the lfs filter into the test's own HOME, as a user's `git lfs install` would.
    run(repo, env, 'git', 'lfs', 'install');
    expect(fs.readFileSync(path.join(env.HOME!, '.gitconfig'), 'utf8')).to.include('[filter "lfs"]');
    run(repo, env, 'git', 'lfs', 'track', '*.dat');
    const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 8)) % 256));
    write(repo, 'model.dat', content);
    write(repo, 'a.txt', 'plain\n');
    git('add', '-A');
    git('commit', '-qm', 'main');
    // What git stores is a pointer: the real bytes live in .git/lfs/objects only.
    expect(git('cat-file', '-p', 'HEAD:model.dat')).to.match(
      /^version https:\/\/git-lfs.github.com\/spec\/v1\n/,
    );
    git('checkout', '-qb', 'feature');
    write(repo, 'b.txt', 'b\n');
    git('add', '-A');
    git('commit', '-qm', 'feature');
    git('checkout', '-q', 'main');

    const out = scratchDir('specgate-out-');
    const config = configFile(INSPECT.replace('%OUT%', out).replace('%FILES%', 'model.dat a.txt'));
    const result = await runCli(['check', 'feature', '--json', '--config', config], { cwd: repo, env });
    expect(result.status, result.stderr).to.equal(0);
    const seen = (file: string): string => fs.readFileSync(path.join(out, 'feature', file), 'utf8');
    expect(seen('sums')).to.equal(
      `${sha256(content)}  model.dat\n${sha256(Buffer.from('plain\n'))}  a.txt\n`,
    );
    expect(seen('status')).to.equal('');
  });

  it('specgate checkout writes the converted files, and exits 2 naming the path when a required filter fails', async () => {
    const env = isolatedGitEnv();
    const repo = scratchDir('specgate-attrs-');
    const git = (...args: string[]): string => run(repo, env, 'git', ...args);
    git('init', '-q', '-b', 'main');
    write(repo, 'a.txt', 'one\ntwo\n');
    write(repo, 'v.id', '$Id$\n');
    write(repo, '.gitattributes', '*.txt eol=crlf\n*.id ident\n');
    git('add', '-A');
    git('commit', '-qm', 'main');
    git('checkout', '-qb', 'feature');
    write(repo, 'k.secret', 'sealed\n');
    write(repo, '.gitattributes', '*.txt eol=crlf\n*.id ident\n*.secret filter=vault\n');
    git('add', '-A');
    git('commit', '-qm', 'feature');
    git('checkout', '-q', 'main');

    const dir = path.join(scratchDir('specgate-co-'), 'state');
    const ok = await runCli(['checkout', 'main', '--dir', dir], { cwd: repo, env });
    expect(ok.status, ok.stderr).to.equal(0);
    const native = path.join(scratchDir('specgate-native-'), 'wt');
    git('worktree', 'add', '-q', '--detach', native, 'main');
    expect(sums(dir, ['a.txt', 'v.id'])).to.equal(sums(native, ['a.txt', 'v.id']));
    expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).to.equal('one\r\ntwo\r\n');
    expect(run(dir, env, 'git', 'status', '--porcelain')).to.equal('');

    git('config', 'filter.vault.smudge', 'exit 1');
    git('config', 'filter.vault.required', 'true');
    const failed = await runCli(
      ['checkout', 'feature', '--dir', path.join(scratchDir('specgate-co-'), 'state')],
      { cwd: repo, env },
    );
    expect(failed.status).to.equal(2);
    // What to do follows the culprit on the same line.
    expect(failed.stderr.trim()).to.equal(
      'specgate: error: k.secret: smudge filter vault failed. Try this: check that the filter driver "vault" (git config filter.vault.*) works: git checkout fails on this path too',
    );
  });
});
