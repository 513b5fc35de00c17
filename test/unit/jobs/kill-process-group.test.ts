import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killProcessGroup } from '../../../src/jobs/kill-process-group.js';
import { cleanup, isRunning, readPid, tempDir } from './job-fixtures.js';

/** Starts `script` as the leader of a new process group and waits until it wrote `ready`. */
async function startGroup(script: string): Promise<{ dir: string; pgid: number; exited: Promise<unknown> }> {
  const dir = await tempDir();
  const child = spawn('/bin/sh', ['-c', `${script}\ntouch ready\nwait`], { cwd: dir, detached: true, stdio: 'ignore' });
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

describe('killProcessGroup', function () {
  after(cleanup);

  it('ends the leader and its grandchildren with SIGTERM when they obey it', async function () {
    const { dir, pgid, exited } = await startGroup('sleep 100 & echo $! > grandchild.pid');
    const grandchild = await readPid(path.join(dir, 'grandchild.pid'));
    const started = performance.now();
    await killProcessGroup({ pgid, graceMs: 5000 });
    expect(performance.now() - started).to.be.below(2000);
    await exited;
    expect(await isRunning(grandchild)).to.equal(false);
  });

  it('uses SIGKILL after the grace period on a group that ignores SIGTERM', async function () {
    const { dir, pgid, exited } = await startGroup("trap '' TERM; sleep 100 & echo $! > grandchild.pid");
    const grandchild = await readPid(path.join(dir, 'grandchild.pid'));
    const started = performance.now();
    await killProcessGroup({ pgid, graceMs: 300 });
    expect(performance.now() - started).to.be.at.least(280);
    await exited;
    expect(await isRunning(grandchild)).to.equal(false);
  });

  it('kills at once with a grace of 0', async function () {
    const { pgid, exited } = await startGroup("trap '' TERM; sleep 100 &");
    const started = performance.now();
    await killProcessGroup({ pgid, graceMs: 0 });
    expect(performance.now() - started).to.be.below(1000);
    expect(await exited).to.equal('SIGKILL');
  });

  it('returns at once for a group that no longer exists', async function () {
    const { pgid, exited } = await startGroup('true');
    await killProcessGroup({ pgid, graceMs: 0 });
    await exited;
    const started = performance.now();
    await killProcessGroup({ pgid, graceMs: 5000 });
    expect(performance.now() - started).to.be.below(100);
  });
});
