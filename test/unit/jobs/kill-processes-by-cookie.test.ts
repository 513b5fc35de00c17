import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killProcessesByCookie } from '../../../src/jobs/kill-processes-by-cookie.js';
import { cleanup, isRunning, readPid, tempDir } from './job-fixtures.js';

/** Starts `script` with the cookie, as a job's shell would, lets the shell exit, and returns the daemon's pid. */
async function startDaemon(script: string, cookie: string): Promise<number> {
  const dir = await tempDir();
  const shell = spawn('/bin/sh', ['-c', script], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, SPECGATE_COOKIE: cookie },
  });
  await new Promise((resolve) => shell.once('exit', resolve));
  for (
    let i = 0;
    i < 300 &&
    !(await access(path.join(dir, 'ready')).then(
      () => true,
      () => false,
    ));
    i++
  )
    await sleep(10);
  return readPid(path.join(dir, 'daemon.pid'));
}

/** A daemon in a session of its own that ignores SIGTERM (and SIGHUP, SIGINT) and writes its pid when ready. */
const STUBBORN = `setsid sh -c 'trap "" TERM INT HUP; echo $$ > daemon.pid; touch ready; while :; do sleep 1; done' </dev/null >/dev/null 2>&1 &`;

describe('killProcessesByCookie', function () {
  after(cleanup);

  it('kills a setsid daemon that ignores SIGTERM, with SIGKILL after the grace', async function () {
    const daemon = await startDaemon(STUBBORN, 'cookie-stubborn');
    expect(await isRunning(daemon)).to.equal(true);
    const signalled = await killProcessesByCookie({ cookie: 'cookie-stubborn', graceMs: 200 });
    expect(signalled).to.be.at.least(1);
    expect(await isRunning(daemon)).to.equal(false);
  });

  it('ends an obedient daemon with SIGTERM, and its children with it', async function () {
    const daemon = await startDaemon(
      `setsid sh -c 'echo $$ > daemon.pid; sleep 100 & touch ready; wait' </dev/null >/dev/null 2>&1 &`,
      'cookie-obedient',
    );
    await killProcessesByCookie({ cookie: 'cookie-obedient', graceMs: 5000 });
    expect(await isRunning(daemon)).to.equal(false);
  });

  it('leaves processes of another cookie alone, and finds nothing to do for a cookie nobody carries', async function () {
    const other = await startDaemon(STUBBORN, 'cookie-other');
    try {
      expect(await killProcessesByCookie({ cookie: 'cookie-nobody', graceMs: 0 })).to.equal(0);
      expect(await isRunning(other)).to.equal(true);
    } finally {
      await killProcessesByCookie({ cookie: 'cookie-other', graceMs: 0 });
    }
    expect(await isRunning(other)).to.equal(false);
  });
});
