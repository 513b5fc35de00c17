import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { buildRepository, type Fixture } from '../helpers/build-repository.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { spawn } from 'node:child_process';
import { BIN, runCli } from '../helpers/run-cli.js';

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
    const run = await runCli(
      ['gate', 'add-farewell', '--json', '--config', configFile(SLEEPER(out, 'timeout: 1'))],
      { cwd: dir },
    );
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
    const running = runCli(
      ['check', 'add-farewell', 'shout-greeting', '-j', '2', '--config', configFile(SLEEPER(out))],
      {
        cwd: dir,
        onSpawn: (p) => (pid = p),
      },
    );
    const files = [
      'grandchild-add-farewell',
      'grandchild-shout-greeting',
      'workspace-add-farewell',
      'workspace-shout-greeting',
    ];
    await waitFor(() =>
      files.every(
        (file) =>
          fs.existsSync(path.join(out, file)) && fs.readFileSync(path.join(out, file), 'utf8').endsWith('\n'),
      ),
    );
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

  it('on Ctrl-C with 40 jobs running stops them all, daemons that ignore SIGTERM too, and exits 130', async function () {
    const { dir } = await fixtureRepo('demo');
    const out = scratchDir();
    const count = 40;
    // Each job leaves a child in its group and a daemon in a session of its own that ignores SIGTERM.
    const jobs = Array.from(
      { length: count },
      (_, i) => `
  job${i}:
    run: |
      setsid sh -c 'trap "" TERM INT HUP; echo $$ > "${out}/daemon-${i}"; while :; do sleep 1; done' </dev/null >/dev/null 2>&1 &
      sleep 30 &
      echo $! > "${out}/child-${i}"
      wait`,
    ).join('');
    let pid = 0;
    const running = runCli(
      ['check', 'add-farewell', '-j', String(count), '--config', configFile(`jobs:${jobs}\n`)],
      {
        cwd: dir,
        onSpawn: (p) => (pid = p),
      },
    );
    const files = Array.from({ length: count }, (_, i) => [`child-${i}`, `daemon-${i}`]).flat();
    const ready = (file: string) =>
      fs.existsSync(path.join(out, file)) && fs.readFileSync(path.join(out, file), 'utf8').endsWith('\n');
    await waitFor(() => files.every(ready), 40_000);
    process.kill(pid, 'SIGINT');
    const run = await running;
    expect(run.status, run.stderr).to.equal(130);
    expect(run.stderr).to.contain('interrupted');
    const left = files.filter((file) => alive(Number(fs.readFileSync(path.join(out, file), 'utf8'))));
    expect(left).to.deep.equal([]);
  });
});

/** A main branch and `count` independent changes, each adding its own file. */
function manyChanges(count: number): Fixture {
  const branches: Fixture['branches'] = {
    main: { commits: [{ message: 'Start', files: { 'README.md': 'start\n' } }] },
  };
  for (let i = 1; i <= count; i++)
    branches[`change-${i}`] = {
      from: 'main',
      commits: [{ message: `Add file ${i}`, files: { [`file-${i}.txt`]: `${i}\n` } }],
    };
  return { branches };
}

/** Runs specgate, and sends `signal` once `ready(stderr)` holds; the output is split at that moment. */
function interruptWhen(
  args: string[],
  options: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    ready: (stderr: string) => boolean;
    signal?: NodeJS.Signals;
  },
) {
  return new Promise<{ status: number | null; before: string; after: string; stdoutAfter: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: options.cwd,
        env: { ...process.env, CI: 'true', FORCE_COLOR: '0', ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      let at: { stderr: number; stdout: number } | undefined;
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (!at && options.ready(stderr)) {
          // What was printed up to the signal is before it: the offsets are taken as it is sent.
          at = { stderr: stderr.length, stdout: stdout.length };
          child.kill(options.signal ?? 'SIGINT');
        }
      });
      child.on('error', reject);
      child.on('close', (status) => {
        if (!at) return reject(new Error(`never ready:\n${stderr}`));
        resolve({
          status,
          before: stderr.slice(0, at.stderr),
          after: stderr.slice(at.stderr),
          stdoutAfter: stdout.slice(at.stdout),
        });
      });
    },
  );
}

describe('interrupting a long queue', function () {
  const COUNT = 100;
  let dir: string;
  before(async () => {
    dir = scratchDir('specgate-many-');
    await buildRepository(dir, manyChanges(COUNT));
  });
  const changes = Array.from({ length: COUNT }, (_, i) => `change-${i + 1}`);
  const config = configFile('jobs:\n  slow:\n    run: sleep 30\n');
  // Jobs that would outlast the test's timeout: a run that waited for them, not stopped them, fails it.
  const endless = configFile('jobs:\n  slow:\n    run: sleep 600\n');

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} with ${COUNT} changes and jobs running: only the interruption is reported, exit 130 at once, nothing left`, async () => {
      const tmp = scratchDir('specgate-tmp-');
      const run = await interruptWhen(['gate', ...changes, '-j', '4', '--config', endless], {
        cwd: dir,
        env: { TMPDIR: tmp },
        signal,
        // Every state built and the first four jobs running, the rest waiting for -j: nothing is being
        // printed as the signal is sent, so whatever follows it was printed after it.
        ready: (stderr) =>
          (stderr.match(/testing on/g) ?? []).length === COUNT &&
          (stderr.match(/job slow started/g) ?? []).length === 4,
      });
      // How long the exit takes is a figure of `npm run bench` (test/bench/measure-interrupt.ts).
      expect(run.status, run.after).to.equal(130);
      expect(run.after, run.after).to.equal(
        'specgate: interrupted; jobs stopped and state directories removed\n',
      );
      expect(run.stdoutAfter).to.equal('');
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
    });
  }

  it('a second Ctrl-C stops at once, exit 130, leaving no half-written report', async () => {
    const junit = path.join(scratchDir(), 'report.xml');
    const child = spawn(
      process.execPath,
      [BIN, 'gate', ...changes, '-j', '4', '--junit', junit, '--config', config],
      {
        cwd: dir,
        env: { ...process.env, CI: 'true' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (!sent && /job slow started/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGINT'), 20);
      }
    });
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status, stderr).to.equal(130);
    expect(stderr).to.match(/specgate: interrupted/);
    // Either no report at all, or a whole one.
    if (fs.existsSync(junit)) expect(fs.readFileSync(junit, 'utf8').trim()).to.match(/<\/testsuites>$/);
    expect(fs.readdirSync(path.dirname(junit)).filter((name) => name !== 'report.xml')).to.deep.equal([]);
  });

  it('a run already decided when the signal comes reports its normal verdict and status, never "interrupted"', async () => {
    const { dir: demo } = await fixtureRepo('demo');
    // The job ends the run's last work and interrupts specgate itself as soon as its result is in.
    const late = configFile('jobs:\n  quick:\n    run: "true"\n');
    const run = await interruptWhen(['gate', 'add-farewell', '--config', late], {
      cwd: demo,
      ready: (stderr) => /\[add-farewell\] SUCCESS/.test(stderr),
    });
    // Decided before the signal, with only cleanup left: the verdict stands, with its status.
    expect(run.status, run.after).to.equal(0);
    expect(run.after).not.to.contain('interrupted');
    expect(run.stdoutAfter).to.contain('Verdict: SUCCESS');
  });
});

describe('interrupting a command that runs no jobs', () => {
  /** Whether `pid` waits on its standard input: fd 0 is in one of its epoll sets (libuv reading it). */
  const readsStdin = (pid: number) => {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      let link = '';
      try {
        link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (
        link === 'anon_inode:[eventpoll]' &&
        /^tfd:\s+0\s/m.test(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))
      )
        return true;
    }
    return false;
  };

  it('stops at once, exit 130, while waiting for its input (hook pre-push reading what git pushes)', async () => {
    const { dir } = await fixtureRepo('demo');
    const child = spawn(process.execPath, [BIN, 'hook', 'pre-push', 'origin'], {
      cwd: dir,
      env: { ...process.env, CI: 'true' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Reading its input: the command is running, its Ctrl-C handler installed.
    await waitFor(() => readsStdin(child.pid!));
    child.kill('SIGINT');
    // Standard input stays open: only the signal can end the command now. Closed at last, whatever happens.
    const status = await Promise.race([
      closed,
      new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 3000)),
    ]);
    child.stdin.end();
    await closed;
    expect(status, stderr).to.equal(130);
    expect(stderr).to.equal('specgate: interrupted\n');
  });
});
