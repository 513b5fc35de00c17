import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findProcessesByCookie } from '../../../src/jobs/find-processes-by-cookie.js';
import { cleanup, isRunning, readPid, tempDir } from './job-fixtures.js';

/** Runs `script` with `env` added, detached, and waits until it wrote `ready` into its directory. */
async function start(
  script: string,
  env: Record<string, string>,
): Promise<{ dir: string; child: ChildProcess }> {
  const dir = await tempDir();
  const child = spawn('/bin/sh', ['-c', `${script}\ntouch ready\nwait`], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ...env },
  });
  const { access } = await import('node:fs/promises');
  for (let i = 0; i < 300; i++) {
    if (
      await access(path.join(dir, 'ready')).then(
        () => true,
        () => false,
      )
    )
      break;
    await sleep(10);
  }
  return { dir, child };
}

const started: ChildProcess[] = [];
const killAll = (): void => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
};

describe('findProcessesByCookie', function () {
  afterEach(killAll);
  after(cleanup);

  it('finds a process that left the group and session with setsid, and none of another cookie', async function () {
    const { dir, child } = await start('setsid sleep 100 & echo $! > daemon.pid', {
      SPECGATE_COOKIE: 'c0ffee01',
    });
    started.push(child);
    const daemon = await readPid(path.join(dir, 'daemon.pid'));
    // setsid may fork before it execs sleep: the process in the new session is the one that runs.
    let pids: number[] = [];
    for (let i = 0; i < 100 && !pids.includes(daemon); i++) {
      pids = (await findProcessesByCookie({ cookie: 'c0ffee01' })).map((p) => p.pid);
      await sleep(10);
    }
    expect(pids).to.include(daemon);
    expect(pids).to.include(child.pid);
    expect(await findProcessesByCookie({ cookie: 'c0ffee02' })).to.deep.equal([]);
    expect(await isRunning(daemon)).to.equal(true);
    process.kill(daemon, 'SIGKILL');
  });

  it('matches the cookie as one word of the variable, so a nested run carrying two cookies is found by both', async function () {
    const { child } = await start('sleep 100 &', { SPECGATE_COOKIE: 'outer1 inner2' });
    started.push(child);
    for (const cookie of ['outer1', 'inner2']) {
      expect(
        (await findProcessesByCookie({ cookie })).map((p) => p.pid),
        cookie,
      ).to.include(child.pid);
    }
    expect(await findProcessesByCookie({ cookie: 'inner' })).to.deep.equal([]);
    expect(await findProcessesByCookie({ cookie: 'outer1 inner2'.replace(' ', '-') })).to.deep.equal([]);
  });

  it('ignores the cookie in another variable, and skips entries it cannot read, zombies and non-pids', async function () {
    const proc = await tempDir();
    const entry = async (pid: string, environ: string, stat?: string): Promise<void> => {
      await mkdir(path.join(proc, pid));
      await writeFile(path.join(proc, pid, 'environ'), environ);
      if (stat !== undefined) await writeFile(path.join(proc, pid, 'stat'), stat);
    };
    const stat = (state: string) =>
      `1 (a (b) c) ${state} 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 0\n`;
    await entry('101', 'A=1\0SPECGATE_COOKIE=abc\0', stat('S'));
    await entry('102', 'OTHER=abc\0', stat('S'));
    await entry('103', 'SPECGATE_COOKIE=abc\0', stat('Z'));
    await entry('104', 'SPECGATE_COOKIE=abc\0'); // no stat: it ended meanwhile
    await mkdir(path.join(proc, '105')); // no environ: another user's
    await entry('self', 'SPECGATE_COOKIE=abc\0', stat('S'));
    expect(await findProcessesByCookie({ cookie: 'abc', procDir: proc })).to.deep.equal([
      { pid: 101, pgrp: 77, startTime: '12345' },
    ]);
  });

  it('finds nothing where there is no proc file system', async function () {
    expect(
      await findProcessesByCookie({ cookie: 'abc', procDir: path.join(await tempDir(), 'none') }),
    ).to.deep.equal([]);
  });

  it('refuses a cookie that is not one word', async function () {
    await findProcessesByCookie({ cookie: 'a b' }).then(
      () => expect.fail('accepted'),
      (error: Error) => expect(error.message).to.contain('not a cookie'),
    );
  });
});
