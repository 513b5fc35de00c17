import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killProcessGroup } from '../../../src/jobs/kill-process-group.js';
import { cleanup, isRunning, readPid, tempDir } from './job-fixtures.js';

/** Starts `script` as the leader of a new process group and waits until it wrote `ready`. */
async function startGroup(script: string): Promise<{ dir: string; pgid: number; exited: Promise<unknown> }> {
  const dir = await tempDir();
  const child = spawn('/bin/sh', ['-c', `${script}\ntouch ready\nwait`], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  for (let i = 0; i < 200 && !(await isReady(dir)); i++) await sleep(10);
  return { dir, pgid: child.pid!, exited };
}

async function isReady(dir: string): Promise<boolean> {
  const { access } = await import('node:fs/promises');
  return access(path.join(dir, 'ready')).then(
    () => true,
    () => false,
  );
}

/**
 * Whether a process of group `pgid` still runs, read straight from /proc: zombies do not count (an orphaned
 * grandchild may stay one when this machine's init does not reap it), a leader that ended but is not yet reaped neither.
 */
async function groupExists(pgid: number): Promise<boolean> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name, which may hold spaces and parentheses: state, ppid, pgrp, ...
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/** Far beyond the test's own timeout: a kill that waited for it would fail the test, not slow it. */
const FOREVER_MS = 10 * 60 * 1000;

describe('killProcessGroup', function () {
  after(cleanup);

  it('ends the leader and its grandchildren with SIGTERM when they obey it, without waiting the grace', async function () {
    const { dir, pgid, exited } = await startGroup('sleep 100 & echo $! > grandchild.pid');
    const grandchild = await readPid(path.join(dir, 'grandchild.pid'));
    await killProcessGroup({ pgid, graceMs: FOREVER_MS });
    expect(await groupExists(pgid)).to.equal(false);
    expect(await exited).to.equal('SIGTERM');
    expect(await isRunning(grandchild)).to.equal(false);
  });

  it('uses SIGKILL after the grace period on a group that ignores SIGTERM', async function () {
    const { dir, pgid, exited } = await startGroup("trap '' TERM; sleep 100 & echo $! > grandchild.pid");
    const grandchild = await readPid(path.join(dir, 'grandchild.pid'));
    const started = performance.now();
    await killProcessGroup({ pgid, graceMs: 300 });
    // A lower bound: the grace was given (a timer never fires early; a busy machine only makes it later).
    expect(performance.now() - started).to.be.at.least(280);
    expect(await groupExists(pgid)).to.equal(false);
    expect(await exited).to.equal('SIGKILL');
    expect(await isRunning(grandchild)).to.equal(false);
  });

  it('kills at once with a grace of 0', async function () {
    const { dir, pgid, exited } = await startGroup("trap '' TERM; sleep 100 & echo $! > grandchild.pid");
    const grandchild = await readPid(path.join(dir, 'grandchild.pid'));
    await killProcessGroup({ pgid, graceMs: 0 });
    expect(await groupExists(pgid)).to.equal(false);
    expect(await exited).to.equal('SIGKILL');
    expect(await isRunning(grandchild)).to.equal(false);
  });

  it('returns at once for a group that no longer exists', async function () {
    const { pgid, exited } = await startGroup('true');
    await killProcessGroup({ pgid, graceMs: 0 });
    await exited;
    expect(await groupExists(pgid)).to.equal(false);
    await killProcessGroup({ pgid, graceMs: FOREVER_MS });
    expect(await groupExists(pgid)).to.equal(false);
  });
});
