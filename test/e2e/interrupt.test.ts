import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

/** Whether a process still runs; an exited but unreaped one (a zombie, when pid 1 does not reap) is dead. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function waitFor(condition: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A job that starts a grandchild process, records its pid, and waits for it. */
const SLEEPER = (out: string, extra = '') => `
jobs:
  slow:
    ${extra}
    run: |
      sleep 300 &
      echo $! > "${out}/grandchild-$SPECGATE_CHANGE"
      echo "$SPECGATE_WORKSPACE" > "${out}/workspace-$SPECGATE_CHANGE"
      wait
`;

describe('process trees', () => {
  it('kills the whole process tree of a job that times out, and reports TIMED_OUT', async () => {
    const { dir } = await fixtureRepo('demo');
    const out = scratchDir();
    const run = await runCli(['gate', 'add-farewell', '--json', '--config', configFile(SLEEPER(out, 'timeout: 1'))], { cwd: dir });
    expect(run.status).to.equal(1);
    const result = JSON.parse(run.stdout) as PipelineResult;
    expect(result.changes[0].jobs[0]).to.include({ name: 'slow', result: 'TIMED_OUT' });
    expect(result.changes[0].message).to.equal('job slow (TIMED_OUT) did not succeed');
    const grandchild = Number(fs.readFileSync(path.join(out, 'grandchild-add-farewell'), 'utf8'));
    expect(alive(grandchild)).to.equal(false);
  });

  it('on Ctrl-C stops every job tree, removes the state directories and exits 130', async () => {
    const { dir } = await fixtureRepo('demo');
    const out = scratchDir();
    let pid = 0;
    const running = runCli(['check', 'add-farewell', 'shout-greeting', '-j', '2', '--config', configFile(SLEEPER(out))], {
      cwd: dir,
      onSpawn: (p) => (pid = p),
    });
    const files = ['grandchild-add-farewell', 'grandchild-shout-greeting', 'workspace-add-farewell', 'workspace-shout-greeting'];
    await waitFor(() => files.every((file) => fs.existsSync(path.join(out, file)) && fs.readFileSync(path.join(out, file), 'utf8').endsWith('\n')));
    process.kill(pid, 'SIGINT');
    const run = await running;
    expect(run.status, run.stderr).to.equal(130);
    expect(run.stderr).to.contain('interrupted');
    for (const change of ['add-farewell', 'shout-greeting']) {
      expect(alive(Number(fs.readFileSync(path.join(out, `grandchild-${change}`), 'utf8')))).to.equal(false);
      const workspace = fs.readFileSync(path.join(out, `workspace-${change}`), 'utf8').trim();
      expect(fs.existsSync(workspace), workspace).to.equal(false);
      // The temporary directory holding the states is gone too.
      expect(fs.existsSync(path.dirname(workspace))).to.equal(false);
    }
  });
});
