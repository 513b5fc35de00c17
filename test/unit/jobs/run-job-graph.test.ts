import { expect } from 'chai';
import { access, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { JobDefinition, JobOutcome } from '../../../src/core/types.js';
import { createLimiter, type Limiter } from '../../../src/jobs/create-limiter.js';
import { runJobGraph, type JobEvent } from '../../../src/jobs/run-job-graph.js';
import { cleanup, hard, isRunning, job, readPid, soft, tempDir } from './job-fixtures.js';

interface Run {
  outcomes: JobOutcome[];
  byName: Record<string, JobOutcome>;
  events: JobEvent[];
  workspace: string;
  logDir: string;
  elapsedMs: number;
}

async function run(
  jobs: JobDefinition[],
  options: {
    env?: Record<string, string>;
    limiter?: Limiter;
    signal?: AbortSignal;
    workspace?: string;
    logDir?: string;
    killGraceMs?: number;
    onEvent?: (event: JobEvent) => void;
  } = {},
): Promise<Run> {
  const workspace = options.workspace ?? (await tempDir());
  const logDir = options.logDir ?? path.join(await tempDir(), 'logs');
  const events: JobEvent[] = [];
  const started = performance.now();
  const outcomes = await runJobGraph({
    jobs,
    workspace,
    env: options.env ?? { SPECGATE: '1', SPECGATE_CHANGE: 'feature-a' },
    logDir,
    limiter: options.limiter ?? createLimiter(8),
    signal: options.signal ?? new AbortController().signal,
    killGraceMs: options.killGraceMs,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  const byName = Object.fromEntries(outcomes.map((o) => [o.name, o]));
  return { outcomes, byName, events, workspace, logDir, elapsedMs: performance.now() - started };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

describe('runJobGraph', function () {
  after(cleanup);

  describe('logs and results', function () {
    it('writes stdout and stderr to the log in the order they were produced, after a header', async function () {
      const { outcomes, events, logDir } = await run([
        job('build', 'echo one; echo two >&2; echo three; printf four >&2'),
      ]);
      expect(outcomes).to.have.length(1);
      const [outcome] = outcomes;
      expect(outcome).to.include({
        name: 'build',
        result: 'SUCCESS',
        attempts: 1,
        cached: false,
        voting: true,
      });
      expect(outcome.log).to.equal(path.join(logDir, 'build.log'));
      expect(outcome.durationMs).to.be.a('number').and.be.at.least(0);
      const log = await readFile(outcome.log!, 'utf8');
      const lines = log.split('\n');
      expect(lines[0]).to.contain('job build').and.contain('attempt 1');
      expect(lines[1]).to.equal('$ echo one; echo two >&2; echo three; printf four >&2');
      expect(log).to.contain('one\ntwo\nthree\nfour');
      expect(events).to.deep.equal([
        { type: 'start', job: 'build', attempt: 1, log: outcome.log },
        { type: 'end', job: 'build', outcome },
      ]);
    });

    it('maps exit statuses, signals and start failures to results', async function () {
      const { byName, outcomes } = await run([
        job('ok', 'true'),
        job('fails', 'echo broken; exit 3'),
        job('crashes', 'kill -SEGV $$'),
        job('nowhere', 'true', { cwd: 'no/such/dir' }),
      ]);
      expect(outcomes.map((o) => o.name)).to.deep.equal(['ok', 'fails', 'crashes', 'nowhere']);
      expect(byName.ok.result).to.equal('SUCCESS');
      expect(byName.fails).to.include({ result: 'FAILURE', message: 'exited with status 3' });
      expect(byName.crashes).to.include({ result: 'FAILURE', message: 'killed by SIGSEGV' });
      expect(byName.nowhere.result).to.equal('ERROR');
      expect(byName.nowhere.message).to.match(/no\/such\/dir does not exist/);
      expect(await readFile(byName.fails.log!, 'utf8'))
        .to.contain('broken\n')
        .and.contain('exited with status 3');
    });

    it('returns outcomes in the order of jobs, not of completion', async function () {
      // slow ends only once the runner has seen fast end: a barrier, not a guess at how long fast takes.
      const workspace = await tempDir();
      const { outcomes, events } = await run(
        [job('slow', 'until [ -e fast-ended ]; do sleep 0.01; done', { timeout: 30 }), job('fast', 'true')],
        {
          workspace,
          onEvent: (event) => {
            if (event.type === 'end' && event.job === 'fast')
              void writeFile(path.join(workspace, 'fast-ended'), '');
          },
        },
      );
      expect(outcomes.map((o) => o.name)).to.deep.equal(['slow', 'fast']);
      const ends = events.filter((e) => e.type === 'end').map((e) => e.job);
      expect(ends).to.deep.equal(['fast', 'slow']);
    });

    it('sees every one of many short jobs end, however fast they exit', async function () {
      const jobs = Array.from({ length: 100 }, (_, i) => job(`quick-${i}`, `exit ${i % 2}`));
      const { outcomes, events } = await run(jobs);
      expect(outcomes.map((o) => o.result)).to.deep.equal(
        jobs.map((_, i) => (i % 2 ? 'FAILURE' : 'SUCCESS')),
      );
      expect(events.filter((e) => e.type === 'end')).to.have.length(100);
    });

    it('runs the job in the workspace, or in its cwd below it', async function () {
      const workspace = await tempDir();
      await mkdir(path.join(workspace, 'sub'));
      const { byName } = await run([job('root', 'pwd > where'), job('sub', 'pwd > where', { cwd: 'sub' })], {
        workspace,
      });
      expect(byName.root.result).to.equal('SUCCESS');
      expect((await readFile(path.join(workspace, 'where'), 'utf8')).trim()).to.equal(workspace);
      expect((await readFile(path.join(workspace, 'sub', 'where'), 'utf8')).trim()).to.equal(
        path.join(workspace, 'sub'),
      );
    });
  });

  describe('environment', function () {
    afterEach(function () {
      delete process.env.JOBS_TEST_INHERITED;
      delete process.env.SPECGATE_PARENT_DATA;
    });

    it('layers process.env, then job.env, then the SPECGATE_* variables', async function () {
      process.env.JOBS_TEST_INHERITED = 'from-parent';
      // As if specgate ran inside another specgate job: that run's variables must not leak in.
      process.env.SPECGATE_PARENT_DATA = '/outer/run/data.json';
      const script = [
        'echo "inherited=$JOBS_TEST_INHERITED"',
        'echo "ci=$CI"',
        'echo "change=$SPECGATE_CHANGE"',
        'echo "specgate=$SPECGATE"',
        'echo "job=$SPECGATE_JOB"',
        'echo "workspace=$SPECGATE_WORKSPACE"',
        'echo "return=$SPECGATE_RETURN"',
        'test -e "$SPECGATE_RETURN" && echo "return-exists" || true',
        'echo "parent-data=${SPECGATE_PARENT_DATA-unset}"',
      ].join('\n');
      const { byName, workspace, logDir } = await run(
        [job('env', `{\n${script}\n} > env.txt`, { env: { CI: 'true', SPECGATE_CHANGE: 'from-job-env' } })],
        { env: { SPECGATE: '1', SPECGATE_CHANGE: 'feature-a' } },
      );
      expect(byName.env.result).to.equal('SUCCESS');
      const lines = (await readFile(path.join(workspace, 'env.txt'), 'utf8')).trim().split('\n');
      expect(lines).to.deep.equal([
        'inherited=from-parent',
        'ci=true',
        'change=feature-a',
        'specgate=1',
        'job=env',
        `workspace=${workspace}`,
        `return=${path.join(logDir, 'env.return.json')}`,
        'parent-data=unset',
      ]);
    });

    it('hands a change name to the job as data, never as shell code', async function () {
      const workspace = await tempDir();
      const name = `x$(touch pwned)';touch pwned2;'"\`touch pwned3\``;
      const { byName } = await run([job('echo', 'printf "%s" "$SPECGATE_CHANGE" > name.txt')], {
        workspace,
        env: { SPECGATE: '1', SPECGATE_CHANGE: name },
      });
      expect(byName.echo.result).to.equal('SUCCESS');
      expect(await readFile(path.join(workspace, 'name.txt'), 'utf8')).to.equal(name);
      for (const file of ['pwned', 'pwned2', 'pwned3']) {
        expect(await exists(path.join(workspace, file)), file).to.equal(false);
      }
    });
  });

  describe('timeouts and stray processes', function () {
    it('kills the whole process tree of a job that times out, grandchild included', async function () {
      const workspace = await tempDir();
      const { byName } = await run(
        [job('hang', 'sleep 100 & echo $! > grandchild.pid; wait', { timeout: 0.5, attempts: 3 })],
        { workspace },
      );
      // Not retried, and the tree killed: waiting for the sleep instead would outlast the test's timeout.
      expect(byName.hang).to.include({ result: 'TIMED_OUT', message: 'timed out after 0.5s', attempts: 1 });
      const grandchild = await readPid(path.join(workspace, 'grandchild.pid'));
      expect(await isRunning(grandchild)).to.equal(false);
      expect(await readFile(byName.hang.log!, 'utf8')).to.contain('timed out after 0.5s');
    });

    it('uses SIGKILL after the grace period on processes that ignore SIGTERM', async function () {
      const workspace = await tempDir();
      const { byName, elapsedMs } = await run(
        [
          job('stubborn', "trap '' TERM; sleep 100 & echo $! > grandchild.pid; wait; wait; wait", {
            timeout: 0.3,
          }),
        ],
        { workspace, killGraceMs: 400 },
      );
      expect(byName.stubborn.result).to.equal('TIMED_OUT');
      // A lower bound: the timeout and the grace were both given (timers never fire early).
      expect(elapsedMs).to.be.at.least(650);
      expect(await isRunning(await readPid(path.join(workspace, 'grandchild.pid')))).to.equal(false);
    });

    it('kills what a job left running in the background once its shell exits', async function () {
      const workspace = await tempDir();
      const { byName } = await run([job('leaky', 'sleep 100 & echo $! > background.pid')], { workspace });
      expect(byName.leaky.result).to.equal('SUCCESS');
      expect(await isRunning(await readPid(path.join(workspace, 'background.pid')))).to.equal(false);
    });
  });

  describe('dependencies', function () {
    it('skips, transitively, the jobs whose hard dependency did not succeed, without starting them', async function () {
      const workspace = await tempDir();
      const { byName, events } = await run(
        [
          job('build', 'exit 1'),
          job('unit', 'touch unit-ran', { dependencies: hard('build') }),
          job('deploy', 'touch deploy-ran', { dependencies: hard('unit') }),
          job('lint', 'true'),
        ],
        { workspace },
      );
      expect(byName.build.result).to.equal('FAILURE');
      expect(byName.unit).to.include({
        result: 'SKIPPED',
        message: 'dependency build did not succeed (FAILURE)',
        attempts: 0,
      });
      expect(byName.unit.log).to.equal(undefined);
      expect(byName.deploy).to.include({
        result: 'SKIPPED',
        message: 'dependency unit did not succeed (SKIPPED)',
      });
      expect(byName.lint.result).to.equal('SUCCESS');
      expect(await exists(path.join(workspace, 'unit-ran'))).to.equal(false);
      expect(await exists(path.join(workspace, 'deploy-ran'))).to.equal(false);
      expect(events.filter((e) => e.type === 'start').map((e) => e.job)).to.have.members(['build', 'lint']);
      expect(events.filter((e) => e.type === 'end')).to.have.length(4);
    });

    it('starts a job after its dependencies finished, and after a failed or skipped soft one too', async function () {
      const workspace = await tempDir();
      const { byName } = await run(
        [
          job('build', 'sleep 0.3; touch built; exit 1'),
          job('report', 'test -e built', { dependencies: soft('build') }),
          job('unit', 'true', { dependencies: hard('build') }),
          job('cleanup', 'test -e built', { dependencies: soft('unit') }),
        ],
        { workspace },
      );
      expect(byName.build.result).to.equal('FAILURE');
      expect(byName.report.result).to.equal('SUCCESS');
      expect(byName.unit.result).to.equal('SKIPPED');
      expect(byName.cleanup.result).to.equal('SUCCESS');
    });

    it('runs jobs that depend on a successful one in order, in the same workspace', async function () {
      const { byName } = await run([
        job('test', 'test "$(cat artifact)" = built', { dependencies: hard('build') }),
        job('build', 'sleep 0.2; echo built > artifact'),
      ]);
      expect(byName.build.result).to.equal('SUCCESS');
      expect(byName.test.result).to.equal('SUCCESS');
    });
  });

  describe('attempts', function () {
    it('re-runs a failing job until it succeeds, within its attempts', async function () {
      const flaky =
        'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo "run $n"; [ $n -ge 2 ]';
      const { byName, events } = await run([job('flaky', flaky, { attempts: 3 })]);
      expect(byName.flaky).to.include({ result: 'SUCCESS', attempts: 2 });
      const log = await readFile(byName.flaky.log!, 'utf8');
      expect(log)
        .to.contain('attempt 1')
        .and.contain('run 1\n')
        .and.contain('attempt 2')
        .and.contain('run 2\n');
      expect(log.indexOf('run 1')).to.be.below(log.indexOf('run 2'));
      expect(
        events.filter((e) => e.type === 'start').map((e) => (e.type === 'start' ? e.attempt : 0)),
      ).to.deep.equal([1, 2]);
    });

    it('gives RETRY_LIMIT when every one of several attempts failed, FAILURE with a single attempt', async function () {
      const workspace = await tempDir();
      const { byName } = await run(
        [job('always', 'echo x >> runs; exit 1', { attempts: 3 }), job('once', 'exit 1', { attempts: 1 })],
        { workspace },
      );
      expect(byName.always).to.include({ result: 'RETRY_LIMIT', attempts: 3 });
      expect(byName.always.message).to.contain('exited with status 1');
      expect(await readFile(path.join(workspace, 'runs'), 'utf8')).to.equal('x\nx\nx\n');
      expect(byName.once).to.include({ result: 'FAILURE', attempts: 1 });
    });
  });

  describe('returned data', function () {
    it('runs only the dependents named in child_jobs, skipping the others and their dependents', async function () {
      const { byName } = await run([
        job('choose', 'echo \'{"child_jobs": ["docs"]}\' > "$SPECGATE_RETURN"'),
        job('docs', 'true', { dependencies: hard('choose') }),
        job('unit', 'true', { dependencies: hard('choose') }),
        job('ordered', 'true', { dependencies: soft('choose') }),
        job('after-unit', 'true', { dependencies: hard('unit') }),
      ]);
      expect(byName.choose.result).to.equal('SUCCESS');
      expect(byName.docs.result).to.equal('SUCCESS');
      expect(byName.unit).to.include({ result: 'SKIPPED', message: "not chosen by choose's child_jobs" });
      expect(byName.ordered).to.include({ result: 'SKIPPED', message: "not chosen by choose's child_jobs" });
      expect(byName['after-unit']).to.include({
        result: 'SKIPPED',
        message: 'dependency unit did not succeed (SKIPPED)',
      });
    });

    it('hands the merged data of the parents to their direct dependents', async function () {
      const workspace = await tempDir();
      const { byName } = await run(
        [
          job(
            'first',
            'echo \'{"data": {"a": 1, "shared": "first", "nested": {"x": 1}}}\' > "$SPECGATE_RETURN"',
          ),
          job('second', 'echo \'{"data": {"b": 2, "shared": "second"}}\' > "$SPECGATE_RETURN"'),
          job('silent', 'true'),
          job('child', 'cp "$SPECGATE_PARENT_DATA" child.json', {
            dependencies: hard('second', 'silent', 'first'),
          }),
          job('grandchild', 'echo "${SPECGATE_PARENT_DATA-unset}" > grandchild.txt', {
            dependencies: hard('child'),
          }),
        ],
        { workspace },
      );
      expect(byName.child.result).to.equal('SUCCESS');
      const data: unknown = JSON.parse(await readFile(path.join(workspace, 'child.json'), 'utf8'));
      expect(data).to.deep.equal({ a: 1, b: 2, shared: 'second', nested: { x: 1 } });
      expect((await readFile(path.join(workspace, 'grandchild.txt'), 'utf8')).trim()).to.equal('unset');
    });

    it('ignores a return file left over from an earlier run', async function () {
      const logDir = path.join(await tempDir(), 'logs');
      await mkdir(logDir);
      await writeFile(path.join(logDir, 'parent.return.json'), '{"child_jobs": []}');
      const { byName } = await run(
        [job('parent', 'true'), job('child', 'true', { dependencies: hard('parent') })],
        {
          logDir,
        },
      );
      expect(byName.child.result).to.equal('SUCCESS');
    });

    it('fails a job whose return file is malformed, and skips its dependents', async function () {
      const { byName, logDir } = await run([
        job('garbled', 'echo "{not json" > "$SPECGATE_RETURN"'),
        job('after', 'true', { dependencies: hard('garbled') }),
        job('shape', 'echo \'{"child_jobs": "after2"}\' > "$SPECGATE_RETURN"', { attempts: 2 }),
        job('after2', 'true', { dependencies: hard('shape') }),
        job('typo', 'echo \'{"child-jobs": []}\' > "$SPECGATE_RETURN"'),
      ]);
      const garbledPath = path.join(logDir, 'garbled.return.json');
      expect(byName.garbled.result).to.equal('FAILURE');
      expect(byName.garbled.message)
        .to.match(/^malformed return file /)
        .and.contain(`${garbledPath}: not JSON`);
      expect(byName.after).to.include({
        result: 'SKIPPED',
        message: 'dependency garbled did not succeed (FAILURE)',
      });
      expect(byName.shape).to.include({ result: 'FAILURE', attempts: 1 });
      expect(byName.shape.message).to.contain('child_jobs must be an array');
      expect(byName.after2.result).to.equal('SKIPPED');
      expect(byName.typo.result).to.equal('FAILURE');
      expect(byName.typo.message).to.contain('unknown key "child-jobs"');
      expect(await readFile(byName.garbled.log!, 'utf8')).to.contain('malformed return file');
    });
  });

  describe('abort', function () {
    it('kills running jobs and marks them and the jobs not yet started ABORTED, promptly', async function () {
      const workspace = await tempDir();
      const controller = new AbortController();
      const long =
        'echo $$ > $SPECGATE_JOB.shell.pid; sleep 100 & echo $! > $SPECGATE_JOB.grandchild.pid; wait';
      let starts = 0;
      // Abort once the two jobs that got a slot have started their grandchildren (they wrote their pids):
      // an event, not a guess at how long a shell takes to start.
      const abortWhenBothRun = async () => {
        const written = async (name: string) =>
          (await readFile(path.join(workspace, name), 'utf8').catch(() => '')).trim() !== '';
        const pidFiles = async () =>
          (await readdir(workspace)).filter((name) => name.endsWith('.grandchild.pid'));
        while ((await Promise.all((await pidFiles()).map(written))).filter(Boolean).length < 2) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        controller.abort();
      };
      // Two slots for three independent jobs: two run and one waits for a slot when the abort comes.
      // Promptly: the run returns though the jobs' sleep would outlast the test's own timeout.
      const { byName, outcomes } = await run(
        [
          job('a', long),
          job('b', long),
          job('c', long),
          job('next', 'touch next-ran', { dependencies: hard('a') }),
        ],
        {
          workspace,
          limiter: createLimiter(2),
          signal: controller.signal,
          onEvent: (event) => {
            if (event.type === 'start' && ++starts === 2) void abortWhenBothRun();
          },
        },
      );
      expect(outcomes.map((o) => o.result)).to.deep.equal(['ABORTED', 'ABORTED', 'ABORTED', 'ABORTED']);
      const started = ['a', 'b', 'c'].filter((name) => byName[name].attempts === 1);
      const waited = ['a', 'b', 'c'].filter((name) => byName[name].attempts === 0);
      expect(started).to.have.length(2);
      expect(waited).to.have.length(1);
      expect(byName[waited[0]].log).to.equal(undefined);
      expect(byName.next).to.include({ attempts: 0, message: 'aborted before it started' });
      for (const name of started) {
        expect(byName[name].log).to.be.a('string');
        for (const file of [`${name}.shell.pid`, `${name}.grandchild.pid`]) {
          expect(await isRunning(await readPid(path.join(workspace, file))), file).to.equal(false);
        }
      }
      expect(await exists(path.join(workspace, `${waited[0]}.shell.pid`))).to.equal(false);
      expect(await exists(path.join(workspace, 'next-ran'))).to.equal(false);
    });

    it('a bug of its own is no verdict: it stops the running jobs, then rejects with it', async function () {
      const workspace = await tempDir();
      const long =
        'echo $$ > $SPECGATE_JOB.shell.pid; sleep 100 & echo $! > $SPECGATE_JOB.grandchild.pid; wait';
      const slots = createLimiter(8);
      let calls = 0;
      const started = async () =>
        (await readdir(workspace)).filter((name) => name.endsWith('.grandchild.pid'));
      // Whichever job asks for a slot second fails as a bug would (a TypeError, no errno), once the
      // first one's process runs: which job asks first is the event loop's business.
      const limiter: Limiter = {
        async run(task, signal) {
          if (++calls === 1) return slots.run(task, signal);
          while ((await started()).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
          throw new TypeError("Cannot read properties of undefined (reading 'sha')");
        },
      };
      const rejected = await run([job('a', long), job('b', long)], { workspace, limiter }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(rejected).to.be.instanceOf(TypeError);
      const pidFiles = (await readdir(workspace)).filter((name) => name.endsWith('.pid'));
      expect(pidFiles).to.have.length(2); // one job ran: its shell and its grandchild
      for (const file of pidFiles) {
        expect(await isRunning(await readPid(path.join(workspace, file))), file).to.equal(false);
      }
    });

    it("a failure to write its own files is the job's ERROR, not a bug", async function () {
      const logDir = path.join(await tempDir(), 'logs');
      await writeFile(logDir, 'a file where the log directory should be');
      const { byName } = await run([job('a', 'true')], { logDir });
      expect(byName.a.result).to.equal('ERROR');
      expect(byName.a.message).to.match(/^specgate could not run the job: (EEXIST|ENOTDIR)/);
    });

    it('does not wait for a slot that other states hold once aborted', async function () {
      const limiter = createLimiter(1);
      let releaseSlot = (): void => {};
      const held = limiter.run(() => new Promise<void>((resolve) => (releaseSlot = resolve)));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const { byName } = await run([job('waiting', 'true')], { limiter, signal: controller.signal });
      // The run returned while the slot is still held: had it waited for the slot, it would never have.
      expect(byName.waiting).to.include({ result: 'ABORTED', attempts: 0 });
      releaseSlot();
      await held;
      // The slot the aborted job never took is free for others.
      expect(await limiter.run(async () => 'free')).to.equal('free');
    });

    it('finishes every job when the event listener throws, then rejects with its error', async function () {
      const workspace = await tempDir();
      const jobs = [job('a', 'true'), job('b', 'sleep 0.2; touch b-ran', { dependencies: hard('a') })];
      const promise = runJobGraph({
        jobs,
        workspace,
        env: {},
        logDir: path.join(workspace, 'logs'),
        limiter: createLimiter(2),
        signal: new AbortController().signal,
        onEvent: () => {
          throw new Error('reporter bug');
        },
      });
      expect(
        await promise.then(
          () => 'resolved',
          (error: Error) => error.message,
        ),
      ).to.equal('reporter bug');
      expect(await exists(path.join(workspace, 'b-ran'))).to.equal(true);
    });

    it('starts nothing when the signal is already aborted', async function () {
      const workspace = await tempDir();
      const jobs = [job('a', 'touch ran'), job('b', 'touch ran', { dependencies: hard('a') })];
      const { outcomes, events } = await run(jobs, {
        workspace,
        signal: AbortSignal.abort(),
      });
      expect(outcomes.map((o) => o.result)).to.deep.equal(['ABORTED', 'ABORTED']);
      expect(events.filter((e) => e.type === 'start')).to.deep.equal([]);
      expect(await exists(path.join(workspace, 'ran'))).to.equal(false);
    });
  });

  describe('concurrency', function () {
    /**
     * A job that says it started (a line in $OUT/log and a file $OUT/<job>.started), then waits until the
     * test lets it end (the file $OUT/<job>.go), and says it ended. Its lines are appended in the order
     * the events happened, so the log shows how many jobs really ran at once, whatever the machine's speed.
     * The timeout only turns a broken limiter, which would leave it waiting, into a failure.
     */
    const gated = (name: string, out: string) =>
      job(
        name,
        [
          'echo "start $SPECGATE_JOB" >> "$OUT/log"',
          'touch "$OUT/$SPECGATE_JOB.started"',
          'until [ -e "$OUT/$SPECGATE_JOB.go" ]; do sleep 0.01; done',
          'echo "end $SPECGATE_JOB" >> "$OUT/log"',
        ].join('; '),
        { env: { OUT: out }, timeout: 30 },
      );

    /** Most jobs between their "start" and "end" lines at once, in the order of $OUT/log. */
    async function maxOverlap(out: string): Promise<number> {
      let current = 0;
      let max = 0;
      for (const line of (await readFile(path.join(out, 'log'), 'utf8')).trim().split('\n')) {
        max = Math.max(max, (current += line.startsWith('start ') ? 1 : -1));
      }
      return max;
    }

    /**
     * Lets the gated jobs `names` end one at a time, the one that started first first, and only when
     * `running` of them have started and not been let go (or when every one has started): so exactly
     * `running` of them overlap, if the runner starts that many, and more would show in the log.
     */
    async function conduct(out: string, names: string[], running: number): Promise<void> {
      const started: string[] = [];
      const released = new Set<string>();
      while (released.size < names.length) {
        for (const name of names) {
          if (!started.includes(name) && (await exists(path.join(out, `${name}.started`))))
            started.push(name);
        }
        const waiting = started.filter((name) => !released.has(name));
        if (waiting.length > 0 && (waiting.length >= running || started.length === names.length)) {
          released.add(waiting[0]);
          await writeFile(path.join(out, `${waiting[0]}.go`), '');
        } else {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    }

    it('runs independent jobs at the same time, never more than the limiter allows across states', async function () {
      const out = await tempDir();
      const limiter = createLimiter(2);
      const names = ['a', 'b', 'c'];
      const jobs = names.map((name) => gated(name, out));
      const [first, second] = await Promise.all([
        run(jobs, { limiter }),
        run(
          names.map((name) => gated(`${name}2`, out)),
          { limiter },
        ),
        conduct(out, [...names, ...names.map((n) => `${n}2`)], 2),
      ]);
      expect([...first.outcomes, ...second.outcomes].map((o) => o.result)).to.deep.equal(
        Array(6).fill('SUCCESS'),
      );
      expect(await maxOverlap(out)).to.equal(2);
    });

    it('runs independent jobs of one state concurrently when slots allow', async function () {
      const out = await tempDir();
      const names = ['a', 'b', 'c', 'd'];
      const [{ outcomes }] = await Promise.all([
        run(
          names.map((name) => gated(name, out)),
          { limiter: createLimiter(8) },
        ),
        conduct(out, names, 4),
      ]);
      expect(outcomes.map((o) => o.result)).to.deep.equal(Array(4).fill('SUCCESS'));
      expect(await maxOverlap(out)).to.equal(4);
    });
  });

  describe('large output', function () {
    // How much memory this takes is measured by `npm run bench` (test/bench/measure-memory.ts), in a
    // process of its own: RSS inside mocha moves with every other test's garbage.
    it('streams 50 MB of output to the log, all of it', async function () {
      const size = 50 * 1024 * 1024;
      const { byName } = await run([job('noisy', `head -c ${size} /dev/zero; echo; echo done`)]);
      expect(byName.noisy.result).to.equal('SUCCESS');
      expect((await stat(byName.noisy.log!)).size).to.be.above(size);
      // The last line the job printed is there, after all the zeros.
      const log = await readFile(byName.noisy.log!);
      expect(log.subarray(log.lastIndexOf(0) + 1).toString('utf8')).to.match(/^\ndone\n/);
    });
  });
});
