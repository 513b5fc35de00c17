import { expect } from 'chai';
import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ABORT_KILL_GRACE_MS, runJob } from '../../../src/jobs/run-job.js';
import { scanProcessTable } from '../../../src/jobs/scan-process-table.js';
import { cleanup, isRunning, job, readPid, tempDir } from './job-fixtures.js';

const DAEMON = `setsid sh -c 'trap "" TERM INT HUP; echo $$ > "$OUT/daemon.pid"; while :; do sleep 1; done' &
while [ ! -s "$OUT/daemon.pid" ]; do sleep 0.05; done`;

async function runOnce(
  run: string,
  fields: { timeout?: number; signal?: AbortSignal; env?: Record<string, string> } = {},
) {
  const workspace = await tempDir();
  const logPath = path.join(workspace, 'job.log');
  const result = await runJob({
    job: job('j', run, { timeout: fields.timeout }),
    attempt: 1,
    workspace,
    env: { OUT: workspace, ...fields.env },
    logPath,
    signal: fields.signal ?? new AbortController().signal,
    killGraceMs: 300,
    // The cookie alone: a cgroup, where this machine allows one, would end the daemon too.
    cgroup: false,
  });
  return { result, workspace, log: await readFile(logPath, 'utf8') };
}

describe('runJob', function () {
  after(cleanup);

  describe('environment', function () {
    const saved = { ...process.env };
    afterEach(function () {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    });

    it('does not pass on the variables that point git at the user repository', async function () {
      Object.assign(process.env, {
        GIT_DIR: '/user/.git',
        GIT_INDEX_FILE: '/user/.git/index',
        GIT_WORK_TREE: '/user',
        GIT_COMMON_DIR: '/user/.git',
        KEEP_ME: 'yes',
      });
      const { result, log } = await runOnce('env | grep -E "^(GIT_|KEEP_ME=)" | sort');
      expect(result.result).to.equal('SUCCESS');
      expect(log).to.contain('KEEP_ME=yes');
      expect(log).to.not.match(/^GIT_(DIR|INDEX_FILE|WORK_TREE|COMMON_DIR)=/m);
    });

    it('gives each run its own cookie, after the cookie of an outer run', async function () {
      process.env.SPECGATE_COOKIE = 'outer';
      const first = await runOnce('echo "cookie=$SPECGATE_COOKIE"');
      const second = await runOnce('echo "cookie=$SPECGATE_COOKIE"');
      const cookieOf = (log: string) => /^cookie=(.*)$/m.exec(log)?.[1];
      expect(cookieOf(first.log)).to.match(/^outer [0-9a-f]{32}$/);
      expect(cookieOf(second.log)).to.match(/^outer [0-9a-f]{32}$/);
      expect(cookieOf(first.log)).to.not.equal(cookieOf(second.log));
    });

    it('keeps its cookie even when the job tries to set one', async function () {
      const { log } = await runOnce('echo "cookie=$SPECGATE_COOKIE"', { env: { SPECGATE_COOKIE: 'mine' } });
      expect(log).to.match(/^cookie=[0-9a-f]{32}$/m);
    });
  });

  describe('a daemon that left the session and ignores SIGTERM', function () {
    it('is gone when the job succeeds', async function () {
      const { result, workspace } = await runOnce(DAEMON);
      expect(result.result).to.equal('SUCCESS');
      expect(await isRunning(await readPid(path.join(workspace, 'daemon.pid')))).to.equal(false);
    });

    it('is gone when the job fails', async function () {
      const { result, workspace } = await runOnce(`${DAEMON}\nexit 3`);
      expect(result.result).to.equal('FAILURE');
      expect(await isRunning(await readPid(path.join(workspace, 'daemon.pid')))).to.equal(false);
    });

    it('is gone when the job times out', async function () {
      const { result, workspace } = await runOnce(`${DAEMON}\nsleep 100`, { timeout: 1 });
      expect(result.result).to.equal('TIMED_OUT');
      expect(await isRunning(await readPid(path.join(workspace, 'daemon.pid')))).to.equal(false);
    });

    it('is gone when the job is aborted', async function () {
      const controller = new AbortController();
      const workspace = await tempDir();
      const running = runJob({
        job: job('j', `${DAEMON}\ntouch "$OUT/started"; sleep 100`),
        attempt: 1,
        workspace,
        env: { OUT: workspace },
        logPath: path.join(workspace, 'job.log'),
        signal: controller.signal,
        killGraceMs: 300,
        cgroup: false,
      });
      const { access } = await import('node:fs/promises');
      while (
        !(await access(path.join(workspace, 'started')).then(
          () => true,
          () => false,
        ))
      )
        await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      expect((await running).result).to.equal('ABORTED');
      expect(await isRunning(await readPid(path.join(workspace, 'daemon.pid')))).to.equal(false);
    });

    it('does not keep the job running by holding its log open', async function () {
      const { result, workspace } =
        await runOnce(`setsid sh -c 'echo $$ > "$OUT/daemon.pid"; exec sleep 100' &
while [ ! -s "$OUT/daemon.pid" ]; do sleep 0.05; done; echo done`);
      expect(result.result).to.equal('SUCCESS');
      expect(result.durationMs).to.be.below(30_000);
      expect(await isRunning(await readPid(path.join(workspace, 'daemon.pid')))).to.equal(false);
    });
  });

  describe('many jobs aborted at once (Ctrl-C)', function () {
    it('stops them all together: the looks at /proc are shared, and one short grace ends every daemon', async function () {
      const jobs = 40;
      const controller = new AbortController();
      setMaxListeners(0, controller.signal);
      const workspaces = await Promise.all(Array.from({ length: jobs }, () => tempDir()));
      const { access } = await import('node:fs/promises');
      const runs = workspaces.map((workspace, i) =>
        runJob({
          job: job(`j${i}`, `${DAEMON}\nsleep 100 & echo $! > "$OUT/child.pid"; touch "$OUT/started"; wait`),
          attempt: 1,
          workspace,
          env: { OUT: workspace },
          logPath: path.join(workspace, 'job.log'),
          signal: controller.signal,
          // Far longer than the whole test may take: an abort does not wait for it.
          killGraceMs: 60_000,
          cgroup: false,
        }),
      );
      for (const workspace of workspaces) {
        while (
          !(await access(path.join(workspace, 'started')).then(
            () => true,
            () => false,
          ))
        )
          await new Promise((r) => setTimeout(r, 20));
      }
      const before = (await scanProcessTable()).scan;
      const abortedAt = performance.now();
      controller.abort();
      const results = await Promise.all(runs);
      const stopMs = performance.now() - abortedAt;
      const scans = (await scanProcessTable()).scan - before - 1;
      expect(results.map((r) => r.result)).to.deep.equal(Array.from({ length: jobs }, () => 'ABORTED'));
      for (const workspace of workspaces) {
        expect(await isRunning(await readPid(path.join(workspace, 'daemon.pid')))).to.equal(false);
        expect(await isRunning(await readPid(path.join(workspace, 'child.pid')))).to.equal(false);
      }
      // Each scan served all 40 jobs: polling through one grace, not one scan (or more) per job.
      expect(scans).to.be.below(jobs);
      // The daemons ignore SIGTERM: they died by SIGKILL after the abort's short grace, not the job's minute.
      expect(stopMs).to.be.below(ABORT_KILL_GRACE_MS + 20_000);
    });
  });
});
