import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { installInProject } from '../helpers/install-in-project.js';
import { runCli } from '../helpers/run-cli.js';
import { snapshotRepository } from '../helpers/snapshot-repository.js';

/** A job that records what git sees in its state, then commits there (which must land in the state only). */
const PROBE = (out: string) => `
jobs:
  probe:
    run: |
      env | grep -E '^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|PREFIX|CONFIG)=' > "${out}/env-$SPECGATE_CHANGE" || true
      git rev-parse HEAD > "${out}/head-$SPECGATE_CHANGE"
      echo "$SPECGATE_SPECULATIVE_SHA" > "${out}/speculative-$SPECGATE_CHANGE"
      echo probe > probe-file
      git add probe-file
      git -c user.name=Job -c user.email=job@example.com commit -q --allow-empty -m "made by a job"
      git rev-parse HEAD > "${out}/after-$SPECGATE_CHANGE"
`;

const read = (file: string) => fs.readFileSync(file, 'utf8').trim();
const sha1 = (file: string) => crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');

/** Whether a process runs; a zombie (where pid 1 does not reap orphans) does not. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) [ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Polls `condition` for at most `ms`; true as soon as it holds. */
async function within(ms: number, condition: () => boolean): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (condition()) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('what jobs see, and what outlives them', function () {
  describe('a pre-push hook run by git push from a linked worktree', function () {
    it("gives the job its state (HEAD is the speculative commit) and leaves the user's branches where they were", async function () {
      const { dir } = await fixtureRepo('demo');
      const remote = path.join(scratchDir('specgate-remote-'), 'origin.git');
      git(path.dirname(remote), 'init', '-q', '--bare', remote);
      git(dir, 'remote', 'add', 'origin', remote);
      git(dir, 'push', '-q', 'origin', 'main');
      git(dir, 'fetch', '-q', 'origin');
      const out = scratchDir('specgate-probe-');
      const worktree = path.join(scratchDir('specgate-worktree-'), 'wt');
      git(dir, 'worktree', 'add', '-q', '-b', 'probe', worktree, 'add-farewell');
      // The job definition travels in the pushed branch, as a project's would: the worktree stays clean.
      fs.writeFileSync(path.join(worktree, '.specgaterc.yml'), `target: main\n${PROBE(out)}`);
      git(worktree, 'commit', '-q', '-am', 'Probe what jobs see');
      // specgate installed in the main work tree's node_modules/.bin, where the hook looks from a linked one.
      installInProject(dir);
      const install = await runCli(['hook', 'install'], { cwd: worktree });
      expect(install.status, install.stderr).to.equal(0);

      const refsBefore = git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads');
      const headsBefore = [
        git(dir, 'rev-parse', 'HEAD'),
        git(worktree, 'rev-parse', 'HEAD'),
        git(worktree, 'symbolic-ref', 'HEAD'),
      ];
      const indexFile = git(worktree, 'rev-parse', '--path-format=absolute', '--git-path', 'index').trim();
      const indexBefore = sha1(indexFile);
      const pushed = spawnSync('git', ['push', 'origin', 'probe'], {
        cwd: worktree,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true', NO_COLOR: '', FORCE_COLOR: '0' },
      });
      const output = `${pushed.stdout}${pushed.stderr}`;

      expect(pushed.status, output).to.equal(0);
      expect(output).to.contain('SUCCESS');
      expect(git(remote, 'rev-parse', 'refs/heads/probe')).to.equal(git(dir, 'rev-parse', 'probe'));
      expect(read(path.join(out, 'env-probe')), 'git variables the job saw').to.equal('');
      expect(read(path.join(out, 'head-probe'))).to.equal(read(path.join(out, 'speculative-probe')));
      expect(read(path.join(out, 'after-probe'))).to.not.equal(read(path.join(out, 'head-probe')));
      expect(git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads')).to.equal(
        refsBefore,
      );
      expect([
        git(dir, 'rev-parse', 'HEAD'),
        git(worktree, 'rev-parse', 'HEAD'),
        git(worktree, 'symbolic-ref', 'HEAD'),
      ]).to.deep.equal(headsBefore);
      expect(sha1(indexFile)).to.equal(indexBefore);
      expect(git(worktree, 'status', '--porcelain')).to.equal('');
      const jobCommit = spawnSync('git', ['cat-file', '-e', read(path.join(out, 'after-probe'))], {
        cwd: dir,
      });
      expect(jobCommit.status, "the job's commit is in the user's repository").to.not.equal(0);
    });
  });

  describe("check with GIT_DIR and GIT_INDEX_FILE in specgate's environment", function () {
    it('opens that repository and hands the jobs none of them (relative GIT_DIR, as git sets it for a hook)', async function () {
      const { dir } = await fixtureRepo('demo');
      const out = scratchDir('specgate-probe-');
      const before = snapshotRepository(dir);
      const run = await runCli(['check', 'add-farewell', '--json', '--config', configFile(PROBE(out))], {
        cwd: dir,
        env: {
          GIT_DIR: '.git',
          GIT_INDEX_FILE: path.join(dir, '.git', 'index'),
          GIT_WORK_TREE: dir,
          GIT_PREFIX: '',
        },
      });
      expect(run.status, run.stderr).to.equal(0);
      expect((JSON.parse(run.stdout) as PipelineResult).changes[0].jobs[0]).to.include({
        name: 'probe',
        result: 'SUCCESS',
      });
      expect(read(path.join(out, 'env-add-farewell'))).to.equal('');
      expect(read(path.join(out, 'head-add-farewell'))).to.equal(
        read(path.join(out, 'speculative-add-farewell')),
      );
      expect(snapshotRepository(dir)).to.deep.equal(before);
    });

    it('follows GIT_DIR and GIT_WORK_TREE from a directory outside any repository, as git does', async function () {
      const { dir } = await fixtureRepo('demo');
      const out = scratchDir('specgate-probe-');
      const elsewhere = scratchDir('specgate-elsewhere-');
      const before = snapshotRepository(dir);
      const run = await runCli(['check', 'add-farewell', '--json', '--config', configFile(PROBE(out))], {
        cwd: elsewhere,
        env: {
          GIT_DIR: path.join(dir, '.git'),
          GIT_WORK_TREE: dir,
          GIT_INDEX_FILE: path.join(dir, '.git', 'index'),
        },
      });
      expect(run.status, run.stderr).to.equal(0);
      expect((JSON.parse(run.stdout) as PipelineResult).changes[0].sha).to.equal(
        git(dir, 'rev-parse', 'add-farewell').trim(),
      );
      expect(read(path.join(out, 'env-add-farewell'))).to.equal('');
      expect(snapshotRepository(dir)).to.deep.equal(before);
    });

    it('says which GIT_DIR is not a repository (exit 2)', async function () {
      const { dir } = await fixtureRepo('demo');
      const run = await runCli(['plan', 'add-farewell'], {
        cwd: dir,
        env: { GIT_DIR: path.join(dir, 'nowhere') },
      });
      expect(run.status).to.equal(2);
      // What to do follows the culprit on the same line.
      expect(run.stderr.trim()).to.equal(
        `specgate: error: not a git repository: GIT_DIR=${path.join(dir, 'nowhere')}. Try this: run specgate inside a git repository, or point -C at one`,
      );
    });
  });

  describe('a setsid daemon that ignores SIGTERM', function () {
    /** Starts a daemon in a session of its own, records its pid, and then succeeds, fails to finish, or waits. */
    const DAEMON = (out: string, then: string, extra = '') => `
jobs:
  serve:
    ${extra}
    run: |
      setsid sh -c 'trap "" TERM HUP INT; echo $$ > "${out}/daemon-$SPECGATE_CHANGE"; while :; do sleep 1; done' </dev/null >/dev/null 2>&1 &
      while [ ! -s "${out}/daemon-$SPECGATE_CHANGE" ]; do sleep 0.05; done
      ${then}
`;
    const daemonPid = (out: string) => Number(read(path.join(out, 'daemon-add-farewell')));

    it('is gone when the run ends with the job a success', async function () {
      const { dir } = await fixtureRepo('demo');
      const out = scratchDir('specgate-daemon-');
      const run = await runCli(
        ['check', 'add-farewell', '--config', configFile(DAEMON(out, 'echo started'))],
        { cwd: dir },
      );
      expect(run.status, run.stderr).to.equal(0);
      expect(await within(3000, () => !alive(daemonPid(out))), 'daemon still running').to.equal(true);
    });

    it('is gone after the job times out', async function () {
      const { dir } = await fixtureRepo('demo');
      const out = scratchDir('specgate-daemon-');
      const run = await runCli(
        ['check', 'add-farewell', '--json', '--config', configFile(DAEMON(out, 'sleep 300', 'timeout: 1'))],
        { cwd: dir },
      );
      expect(run.status, run.stderr).to.equal(1);
      expect((JSON.parse(run.stdout) as PipelineResult).changes[0].jobs[0]).to.include({
        name: 'serve',
        result: 'TIMED_OUT',
      });
      expect(await within(3000, () => !alive(daemonPid(out))), 'daemon still running').to.equal(true);
    });

    it('is gone after specgate is interrupted (exit 130)', async function () {
      const { dir } = await fixtureRepo('demo');
      const out = scratchDir('specgate-daemon-');
      let pid = 0;
      const running = runCli(
        ['check', 'add-farewell', '--config', configFile(DAEMON(out, `touch "${out}/ready"; sleep 300`))],
        {
          cwd: dir,
          onSpawn: (p) => (pid = p),
        },
      );
      expect(
        await within(30_000, () => fs.existsSync(path.join(out, 'ready'))),
        'job never started',
      ).to.equal(true);
      const daemon = daemonPid(out);
      expect(alive(daemon)).to.equal(true);
      process.kill(pid, 'SIGINT');
      const run = await running;
      expect(run.status, run.stderr).to.equal(130);
      expect(await within(3000, () => !alive(daemon)), 'daemon still running').to.equal(true);
    });
  });

  it('serves a second run from the result cache: the per-run cookie is not part of the key', async function () {
    const { dir } = await fixtureRepo('demo');
    const out = scratchDir('specgate-cookie-');
    const config = configFile(`jobs:\n  record:\n    run: echo "$SPECGATE_COOKIE" >> "${out}/cookies"\n`);
    const runs: PipelineResult[] = [];
    for (let i = 0; i < 2; i++) {
      const run = await runCli(['check', 'add-farewell', '--json', '--config', config], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      runs.push(JSON.parse(run.stdout) as PipelineResult);
    }
    expect(runs.map((run) => run.changes[0].jobs[0].cached)).to.deep.equal([false, true]);
    expect(read(path.join(out, 'cookies'))).to.match(/^[0-9a-f]{32}$/);
  });

  it('refuses a sha256 repository by name: exit 2, one line', async function () {
    const dir = path.join(scratchDir('specgate-sha256-'), 'repo');
    git(path.dirname(dir), 'init', '-q', '--object-format=sha256', '-b', 'main', dir);
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'start');
    for (const args of [['check'], ['plan', 'main', '--json']]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.status, run.stderr).to.equal(2);
      if (args.includes('--json')) {
        expect(JSON.parse(run.stdout)).to.deep.include({
          error: {
            code: 'UNSUPPORTED_REPOSITORY',
            message: `specgate supports only sha1 repositories: ${dir} has extensions.objectformat = sha256`,
          },
        });
      } else {
        expect(run.stderr).to.equal(
          `specgate: error: specgate supports only sha1 repositories: ${dir} has extensions.objectformat = sha256\n`,
        );
      }
    }
  });
});
