import { compileGlob } from '../../../src/jobs/compile-glob.js';
import { expect } from 'chai';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PlannedChange } from '../../../src/core/queue/pipeline-types.js';
import { targetState, type SpeculativeState } from '../../../src/core/queue/speculative-state.js';
import type { JobDefinition, JobOutcome, PrepareStep } from '../../../src/core/types.js';
import { UserError } from '../../../src/errors/specgate-error.js';
import { createLimiter, type Limiter } from '../../../src/jobs/create-limiter.js';
import type { WorkDir } from '../../../src/jobs/create-work-dir.js';
import { runJobGraph } from '../../../src/jobs/run-job-graph.js';
import type { JobsAdapter } from '../../../src/workflows/adapters.js';
import { createTestOp, type TestOpContext } from '../../../src/workflows/create-test-op.js';
import { cleanup, hard, job, tempDir } from '../jobs/job-fixtures.js';
import { fakeRepository, memoryFiles } from './fakes.js';

const TARGET = { ref: 'main', sha: 'a'.repeat(40) };
const STATE = 'c'.repeat(40);
/** The state tested: the home project `repo` at commit STATE. */
const SPECULATIVE = targetState('repo', STATE);
const CHANGE: PlannedChange = { id: 'feature/x', sha: 'b'.repeat(40), dependsOn: [], pulledIn: false };

/**
 * A test operation on fakes: a repository whose checkout only makes the directory, a work directory of
 * fresh temporary directories, no result cache; `jobs` overrides parts of the real job runner.
 */
async function testOp(args: {
  jobs: JobDefinition[];
  prepare?: PrepareStep[];
  runner?: Partial<JobsAdapter>;
  files?: string[];
  limiter?: Limiter;
  priority?: TestOpContext['priority'];
  observer?: TestOpContext['observer'];
}) {
  const repository = fakeRepository();
  const checkedOut: string[] = [];
  const started: Array<{ change: string; includes: string[]; state: SpeculativeState }> = [];
  const logDir = path.join(await tempDir(), 'logs');
  const workDir: WorkDir = {
    createStateDir: async () => tempDir(),
    cleanup: async () => undefined,
  };
  const context: TestOpContext = {
    repository: {
      ...repository,
      materializeState: async ({ dir }) => {
        checkedOut.push(dir);
      },
    },
    adapters: {
      jobs: {
        runJobGraph,
        compileGlob,
        prepareWorkspace: () => Promise.reject(new Error('no preparation expected')),
        ...args.runner,
      } as JobsAdapter,
      files: memoryFiles(),
    },
    target: TARGET,
    jobs: args.jobs,
    scope: async () => ({ files: args.files ?? [], configChangedJobs: new Set() }),
    prepare: args.prepare ?? [],
    prepareCacheDir: path.join(logDir, 'prepare-cache'),
    workDir,
    logDir,
    limiter: args.limiter ?? createLimiter(4),
    priority: args.priority,
    signal: new AbortController().signal,
    keep: false,
    observer: {
      ...args.observer,
      stateStarted: (change, includes, state) => started.push({ change, includes, state }),
    },
    keptStates: {},
  };
  return { test: createTestOp(context), checkedOut, logDir, started };
}

/** The environment a job saw, as `env` printed it. */
async function envOf(file: string): Promise<Record<string, string>> {
  const text = await fs.readFile(file, 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const only = (env: Record<string, string>, pattern: RegExp) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => pattern.test(name)));

describe('createTestOp: the job environment contract (DESIGN.md, "Job environment")', function () {
  const saved = { ...process.env };
  afterEach(function () {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });
  after(cleanup);

  it("gives every job each SPECGATE_* variable of its state and of itself, and nothing of an outer run or of the user's repository", async function () {
    // As in a pre-push hook of a linked worktree, inside another specgate job.
    Object.assign(process.env, {
      GIT_DIR: '/user/.git/worktrees/w',
      GIT_INDEX_FILE: '/user/.git/index',
      GIT_WORK_TREE: '/user',
      GIT_COMMON_DIR: '/user/.git',
      GIT_CONFIG_PARAMETERS: "'core.autocrlf=false'",
      SPECGATE_CHANGE: 'outer-change',
      SPECGATE_PARENT_DATA: '/outer/data.json',
    });
    const out = await tempDir();
    const jobs = [
      job('build', `env > "${out}/build.env"; echo '{"data":{"artifact":"x"}}' > "$SPECGATE_RETURN"`),
      job('test', `env > "${out}/test.env"`, { dependencies: hard('build') }),
    ];
    const { test, checkedOut, logDir, started } = await testOp({ jobs });
    const outcomes = await test({
      change: CHANGE,
      state: SPECULATIVE,
      includes: ['base-change', 'feature/x'],
    });
    expect(outcomes.map((outcome) => [outcome.name, outcome.result])).to.deep.equal([
      ['build', 'SUCCESS'],
      ['test', 'SUCCESS'],
    ]);
    expect(checkedOut).to.have.length(1);
    const workspace = checkedOut[0];
    // The state as reported: one checkout, the home project's, where the jobs ran.
    expect(started).to.deep.equal([
      {
        change: 'feature/x',
        includes: ['base-change', 'feature/x'],
        state: { checkouts: [{ project: 'repo', sha: STATE, dir: workspace }] },
      },
    ]);
    // Names are made safe for a file name: `feature/x` logs under `feature_x`.
    const logs = path.join(logDir, 'feature_x');
    const state = {
      SPECGATE: '1',
      SPECGATE_CHANGE: 'feature/x',
      SPECGATE_CHANGE_SHA: CHANGE.sha,
      SPECGATE_CHANGES: 'base-change feature/x',
      SPECGATE_TARGET: 'main',
      SPECGATE_TARGET_SHA: TARGET.sha,
      SPECGATE_SPECULATIVE_SHA: STATE,
      SPECGATE_WORKSPACE: workspace,
    };
    const build = await envOf(path.join(out, 'build.env'));
    const tested = await envOf(path.join(out, 'test.env'));
    expect(only(build, /^SPECGATE(_|$)/)).to.deep.equal({
      ...state,
      SPECGATE_JOB: 'build',
      SPECGATE_RETURN: path.join(logs, 'build.return.json'),
      SPECGATE_COOKIE: build.SPECGATE_COOKIE,
    });
    expect(only(tested, /^SPECGATE(_|$)/)).to.deep.equal({
      ...state,
      SPECGATE_JOB: 'test',
      SPECGATE_RETURN: path.join(logs, 'test.return.json'),
      SPECGATE_PARENT_DATA: path.join(logs, 'test.parent-data.json'),
      SPECGATE_COOKIE: tested.SPECGATE_COOKIE,
    });
    expect(JSON.parse(await fs.readFile(tested.SPECGATE_PARENT_DATA, 'utf8'))).to.deep.equal({
      artifact: 'x',
    });
    expect(build.SPECGATE_COOKIE).to.match(/^[0-9a-f]{32}$/);
    expect(tested.SPECGATE_COOKIE).to.not.equal(build.SPECGATE_COOKIE);
    // The variables that point git at the user's repository are scrubbed; the `git -c` values are kept.
    for (const env of [build, tested]) {
      expect(only(env, /^GIT_(DIR|INDEX_FILE|WORK_TREE|COMMON_DIR|CONFIG_PARAMETERS)$/)).to.deep.equal({
        GIT_CONFIG_PARAMETERS: "'core.autocrlf=false'",
      });
    }
  });

  it("gives the preparation the state's variables (no job's) and runs the jobs after it", async function () {
    let prepareEnv: Record<string, string> | undefined;
    const out = await tempDir();
    const { test, checkedOut } = await testOp({
      jobs: [job('unit', `env > "${out}/unit.env"`)],
      prepare: [{ run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] }],
      runner: {
        prepareWorkspace: async (args) => {
          prepareEnv = args.env;
          return { ok: true, message: 'prepared', steps: [] };
        },
      },
    });
    await test({ change: CHANGE, state: SPECULATIVE, includes: ['feature/x'] });
    expect(prepareEnv).to.deep.equal({
      SPECGATE: '1',
      SPECGATE_CHANGE: 'feature/x',
      SPECGATE_CHANGE_SHA: CHANGE.sha,
      SPECGATE_CHANGES: 'feature/x',
      SPECGATE_TARGET: 'main',
      SPECGATE_TARGET_SHA: TARGET.sha,
      SPECGATE_SPECULATIVE_SHA: STATE,
      SPECGATE_WORKSPACE: checkedOut[0],
    });
    expect((await envOf(path.join(out, 'unit.env'))).SPECGATE_JOB).to.equal('unit');
  });

  it('a failed preparation: the jobs are SKIPPED and a `prepare` FAILURE says why', async function () {
    const { test } = await testOp({
      jobs: [job('unit', 'true')],
      prepare: [{ run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] }],
      runner: {
        prepareWorkspace: async () => ({
          ok: false,
          message: 'prepare: npm ci exited with status 1',
          steps: [],
        }),
      },
    });
    const outcomes = await test({ change: CHANGE, state: SPECULATIVE, includes: ['feature/x'] });
    expect(outcomes.map(({ name, result, message }) => ({ name, result, message }))).to.deep.equal([
      { name: 'prepare', result: 'FAILURE', message: 'prepare: npm ci exited with status 1' },
      { name: 'unit', result: 'SKIPPED', message: 'the workspace could not be prepared' },
    ]);
  });

  it("a job whose log could not be written (a full disk) ends the run with DISK_FULL naming the log, from the runner's typed fault", async function () {
    const logFile = '/logs/unit.log';
    const outcome: JobOutcome = {
      name: 'unit',
      result: 'ERROR',
      voting: true,
      attempts: 0,
      cached: false,
      durationMs: 0,
      message: 'anything',
    };
    const { test } = await testOp({
      jobs: [job('unit', 'true')],
      runner: {
        runJobGraph: async (args) => {
          const error = Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
            syscall: 'write',
          });
          args.onEvent?.({ type: 'end', job: 'unit', outcome, fault: { path: logFile, error } });
          return [outcome];
        },
      },
    });
    const error = await test({ change: CHANGE, state: SPECULATIVE, includes: ['feature/x'] }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(UserError);
    expect((error as UserError).code).to.equal('DISK_FULL');
    expect((error as UserError).message).to.equal(`no space left on the device (ENOSPC, write): ${logFile}`);
  });

  it("an ERROR without a fault is the job's: an outcome, not a stop", async function () {
    const { test } = await testOp({ jobs: [job('unit', 'true', { cwd: 'missing' })] });
    const [outcome] = await test({ change: CHANGE, state: SPECULATIVE, includes: ['feature/x'] });
    expect(outcome.result).to.equal('ERROR');
    expect(outcome.message).to.match(/^could not start: working directory .*missing does not exist$/);
  });

  it("reports the state it was given, the home checkout's directory added and the other checkouts as they were", async function () {
    const { test, checkedOut, started } = await testOp({ jobs: [job('unit', 'true')] });
    const lib = { project: 'lib', sha: 'd'.repeat(40) };
    await test({
      change: CHANGE,
      state: { checkouts: [...SPECULATIVE.checkouts, lib] },
      includes: ['feature/x'],
    });
    expect(started.map(({ state }) => state)).to.deep.equal([
      { checkouts: [{ project: 'repo', sha: STATE, dir: checkedOut[0] }, lib] },
    ]);
  });

  it('no job applies: nothing is checked out and the change passes on its merge alone', async function () {
    const { test, checkedOut } = await testOp({
      jobs: [job('docs', 'true', { files: ['docs/**'] })],
      files: ['src/a.ts'],
    });
    const outcomes = await test({ change: CHANGE, state: SPECULATIVE, includes: ['feature/x'] });
    expect(outcomes.map(({ name, result }) => ({ name, result }))).to.deep.equal([
      { name: 'docs', result: 'SKIPPED' },
    ]);
    expect(checkedOut).to.deep.equal([]);
  });
});

describe('createTestOp: prepare steps take a slot of the run limiter, head of the queue first', function () {
  after(cleanup);
  const STEP: PrepareStep = { run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] };
  const HEAD: PlannedChange = { id: 'head', sha: 'd'.repeat(40), dependsOn: [], pulledIn: false };
  const TAIL: PlannedChange = { id: 'tail', sha: 'e'.repeat(40), dependsOn: [], pulledIn: false };

  it('with one slot, preparations wait for it, the head before the tail, each handing its slot to its first job', async function () {
    const shared = createLimiter(1);
    const log: string[] = [];
    let running = 0;
    let most = 0;
    let asked = 0;
    let bothAsked = (): void => {};
    const waiting = new Promise<void>((resolve) => (bothAsked = resolve));
    // Counts the requests, so that the test lets the slot go only once both states wait for it.
    const limiter: Limiter = {
      run: (task, signal, priority) => {
        log.push(`ask ${priority}`);
        if (++asked === 3) bothAsked();
        return shared.run(task, signal, priority);
      },
    };
    let release = (): void => {};
    const blocker = limiter.run(() => new Promise<void>((resolve) => (release = resolve)), undefined, 99);
    const { test } = await testOp({
      jobs: [job('unit', 'true')],
      prepare: [STEP],
      limiter,
      priority: (change) => (change.id === 'head' ? 0 : 1),
      observer: {
        prepareStarted: (change, step) => log.push(`started ${change} ${step.run} ${String(step.cached)}`),
        prepareFinished: (change, step) =>
          log.push(`finished ${change} ${String(step.ok)} ${String(step.cached)} ${step.durationMs}`),
      },
      runner: {
        prepareWorkspace: async (args) => {
          running += 1;
          most = Math.max(most, running);
          args.onStep?.({ type: 'start', index: 0, run: 'npm ci', cached: false });
          await new Promise((resolve) => setImmediate(resolve));
          const outcome = { run: 'npm ci', key: 'k', cached: false, durationMs: 42 };
          args.onStep?.({ type: 'end', index: 0, ok: true, outcome });
          running -= 1;
          return { ok: true, message: 'prepared', steps: [outcome] };
        },
        runJobGraph: async (args) => {
          await args.limiter.run(
            async () => log.push(`job ${args.env.SPECGATE_CHANGE}`),
            args.signal,
            args.priority,
          );
          return [];
        },
      },
    });
    // The tail asks first, as a state that is ready sooner would.
    const tail = test({ change: TAIL, state: SPECULATIVE, includes: ['head', 'tail'] });
    const head = test({ change: HEAD, state: SPECULATIVE, includes: ['head'] });
    await waiting;
    release();
    await Promise.all([blocker, tail, head]);
    expect(most).to.equal(1);
    const started = log.filter((line) => line.startsWith('started'));
    expect(started).to.deep.equal(['started head npm ci false', 'started tail npm ci false']);
    expect(log).to.include('finished head true false 42');
    // Each preparation asked once, with its change's priority; each job ran in the slot its state's
    // preparation handed on, so the head's work was over before the tail's began.
    expect(log.filter((line) => line.startsWith('ask'))).to.have.members(['ask 99', 'ask 1', 'ask 0']);
    expect(log.filter((line) => !line.startsWith('ask') && !line.startsWith('finished'))).to.deep.equal([
      'started head npm ci false',
      'job head',
      'started tail npm ci false',
      'job tail',
    ]);
  });

  it('a state cancelled while its preparation waits for a slot never prepares: prepare ABORTED, jobs SKIPPED', async function () {
    const shared = createLimiter(1);
    let release = (): void => {};
    const blocker = shared.run(() => new Promise<void>((resolve) => (release = resolve)));
    let prepared = false;
    let asked = (): void => {};
    const waits = new Promise<void>((resolve) => (asked = resolve));
    const { test } = await testOp({
      jobs: [job('unit', 'true')],
      prepare: [STEP],
      limiter: {
        run: (task, signal, priority) => {
          const result = shared.run(task, signal, priority);
          asked();
          return result;
        },
      },
      runner: {
        prepareWorkspace: async () => {
          prepared = true;
          return { ok: true, message: 'prepared', steps: [] };
        },
      },
    });
    const cancel = new AbortController();
    const outcome = test({
      change: CHANGE,
      state: SPECULATIVE,
      includes: ['feature/x'],
      signal: cancel.signal,
    });
    await waits;
    cancel.abort(new Error('gate reset'));
    const outcomes = await outcome;
    release();
    await blocker;
    expect(prepared).to.equal(false);
    expect(outcomes.map(({ name, result }) => [name, result])).to.deep.equal([
      ['prepare', 'ABORTED'],
      ['unit', 'SKIPPED'],
    ]);
  });
});
