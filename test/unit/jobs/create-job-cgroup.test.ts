import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createJobCgroup } from '../../../src/jobs/cgroup/create-job-cgroup.js';
import { runJob } from '../../../src/jobs/run-job.js';
import { cleanup, isRunning, job, readPid, tempDir } from './job-fixtures.js';

describe('createJobCgroup', function () {
  after(cleanup);

  it('is no cgroup where the parent is not a cgroup directory', async function () {
    const parent = await tempDir();
    expect(await createJobCgroup({ name: 'x', parent })).to.equal(undefined);
    expect(existsSync(path.join(parent, `specgate-${process.pid}-x`))).to.equal(false);
    expect(await createJobCgroup({ name: 'x', parent: path.join(parent, 'missing') })).to.equal(undefined);
  });

  describe('where a cgroup v2 directory is writable', function () {
    before(async function () {
      const probe = await createJobCgroup({ name: 'probe' });
      if (!probe) this.skip();
      await probe.close({ graceMs: 0 });
    });

    it('runs the job in a cgroup of its own and ends there what left both its group and its cookie', async function () {
      const workspace = await tempDir();
      // env -i: the daemon carries no cookie; setsid: it is out of the job's process group.
      const run = `cat /proc/self/cgroup > "$OUT/cgroup"
env -i /usr/bin/setsid /bin/sh -c 'trap "" TERM HUP INT; echo $$ > "$0/daemon.pid"; while :; do sleep 1; done' "$OUT" </dev/null >/dev/null 2>&1 &
while [ ! -s "$OUT/daemon.pid" ]; do sleep 0.05; done`;
      const result = await runJob({
        job: job('j', run),
        attempt: 1,
        workspace,
        env: { OUT: workspace },
        logPath: path.join(workspace, 'job.log'),
        signal: new AbortController().signal,
        killGraceMs: 200,
      });
      expect(result.result, await readFile(path.join(workspace, 'job.log'), 'utf8')).to.equal('SUCCESS');
      const cgroup = /^0::(.*)$/m.exec(await readFile(path.join(workspace, 'cgroup'), 'utf8'))?.[1] ?? '';
      expect(path.basename(cgroup)).to.match(new RegExp(`^specgate-${process.pid}-[0-9a-f]{32}$`));
      expect(await isRunning(await readPid(path.join(workspace, 'daemon.pid')))).to.equal(false);
      // And the cgroup itself is gone.
      const own = /^0::(.*)$/m.exec(await readFile('/proc/self/cgroup', 'utf8'))![1];
      const mount = (await readFile('/proc/self/mountinfo', 'utf8'))
        .split('\n')
        .find((line) => line.includes(' - cgroup2 '))!
        .split(' ')[4];
      expect(existsSync(path.join(mount, own, path.basename(cgroup)))).to.equal(false);
    });

    it('removes an empty cgroup at once', async function () {
      const empty = (await createJobCgroup({ name: 'empty' }))!;
      // A grace far beyond the test's timeout: an empty cgroup must not wait for it.
      await empty.close({ graceMs: 10 * 60 * 1000 });
      expect(existsSync(empty.dir)).to.equal(false);
    });

    it('kills what ignores SIGTERM after the grace, and removes the cgroup', async function () {
      const cgroup = (await createJobCgroup({ name: 'stubborn' }))!;
      const child = spawn(
        '/bin/sh',
        [
          '-c',
          `echo $$ > "${cgroup.procsFile}"; trap "" TERM; touch "${cgroup.dir}.ready"; while :; do sleep 1; done`,
        ],
        { detached: true, stdio: 'ignore' },
      );
      const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      while ((await readFile(cgroup.procsFile, 'utf8')).trim() === '')
        await new Promise((r) => setTimeout(r, 20));
      await cgroup.close({ graceMs: 100 });
      expect(await exited).to.equal('SIGKILL');
      expect(existsSync(cgroup.dir)).to.equal(false);
    });
  });
});
