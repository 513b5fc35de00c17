import { expect } from 'chai';
import { access, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { JobDefinition, JobOutcome, RecordedRun } from '../../../src/core/types.js';
import { createLimiter } from '../../../src/jobs/create-limiter.js';
import { runJobGraph, type JobEvent } from '../../../src/jobs/run-job-graph.js';
import { cleanup, hard, job, soft, tempDir } from './job-fixtures.js';

const AT = '2024-05-01T10:00:00.000Z';
const recorded = (result: RecordedRun['result'], fields: Partial<RecordedRun> = {}): RecordedRun => ({
  result,
  attempts: 1,
  durationMs: 1234,
  at: AT,
  ...fields,
});

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function run(
  jobs: JobDefinition[],
  served: Record<string, RecordedRun>,
  options: { workspace?: string | null } = {},
) {
  const workspace = options.workspace === null ? undefined : (options.workspace ?? (await tempDir()));
  const logDir = path.join(await tempDir(), 'logs');
  const events: JobEvent[] = [];
  const outcomes = await runJobGraph({
    jobs,
    ...(workspace !== undefined && { workspace }),
    env: { SPECGATE: '1', SPECGATE_CHANGE: 'feature-a' },
    served: new Map(Object.entries(served)),
    logDir,
    limiter: createLimiter(4),
    signal: new AbortController().signal,
    onEvent: (event) => events.push(event),
  });
  const byName: Record<string, JobOutcome> = Object.fromEntries(outcomes.map((o) => [o.name, o]));
  return { outcomes, byName, events, workspace, logDir };
}

describe('runJobGraph with served jobs', function () {
  after(cleanup);

  it('does not start a served job and ends it with the recorded result', async function () {
    const workspace = await tempDir();
    const { byName, events } = await run(
      [job('unit', 'touch served-ran; exit 0'), job('lint', 'touch lint-ran')],
      { unit: recorded('FAILURE', { attempts: 3, durationMs: 4567, message: 'exited with status 1' }) },
      { workspace },
    );
    expect(await exists(path.join(workspace, 'served-ran'))).to.equal(false);
    expect(await exists(path.join(workspace, 'lint-ran'))).to.equal(true);
    expect(byName.unit).to.deep.equal({
      name: 'unit',
      result: 'FAILURE',
      voting: true,
      attempts: 3,
      cached: true,
      durationMs: 4567,
      message: 'exited with status 1',
    });
    expect(byName.lint).to.include({ result: 'SUCCESS', cached: false, attempts: 1 });
    expect(events.filter((e) => e.type === 'start').map((e) => e.job)).to.deep.equal(['lint']);
  });

  it('writes a recorded log tail to the job log and points to it', async function () {
    const tail = 'step 1 ok\nstep 2 FAILED: expected 3, got 4\n';
    const { byName, logDir } = await run([job('unit', 'exit 0')], {
      unit: recorded('FAILURE', { logTail: tail }),
    });
    expect(byName.unit.log).to.equal(path.join(logDir, 'unit.log'));
    const log = await readFile(byName.unit.log!, 'utf8');
    expect(log).to.contain(AT);
    expect(log.endsWith(tail)).to.equal(true);
  });

  it('gives a served job without a log tail no log', async function () {
    const { byName, logDir } = await run([job('unit', 'exit 0')], { unit: recorded('SUCCESS') });
    expect(byName.unit).to.not.have.property('log');
    expect(await exists(path.join(logDir, 'unit.log'))).to.equal(false);
  });

  it("skips a dependent that a served parent's recorded child_jobs leaves out, and hands its data to the others", async function () {
    const workspace = await tempDir();
    const { byName } = await run(
      [
        job('detect', 'touch detect-ran'),
        job('python', 'touch python-ran', { dependencies: hard('detect') }),
        job('node', 'cp "$SPECGATE_PARENT_DATA" node-data.json', { dependencies: hard('detect') }),
      ],
      { detect: recorded('SUCCESS', { childJobs: ['node'], data: { version: 20, tool: 'npm' } }) },
      { workspace },
    );
    expect(await exists(path.join(workspace, 'detect-ran'))).to.equal(false);
    expect(byName.detect).to.include({ result: 'SUCCESS', cached: true });
    expect(byName.python).to.include({
      result: 'SKIPPED',
      message: "not chosen by detect's child_jobs",
      cached: false,
    });
    expect(await exists(path.join(workspace, 'python-ran'))).to.equal(false);
    expect(byName.node).to.include({ result: 'SUCCESS', cached: false });
    expect(JSON.parse(await readFile(path.join(workspace, 'node-data.json'), 'utf8'))).to.deep.equal({
      version: 20,
      tool: 'npm',
    });
  });

  it('skips a hard dependent of a served FAILURE but runs a soft one', async function () {
    const workspace = await tempDir();
    const { byName } = await run(
      [
        job('build', 'touch build-ran'),
        job('unit', 'touch unit-ran', { dependencies: hard('build') }),
        job('report', 'touch report-ran', { dependencies: soft('build') }),
      ],
      { build: recorded('FAILURE', { message: 'exited with status 2' }) },
      { workspace },
    );
    expect(byName.build).to.include({ result: 'FAILURE', cached: true, message: 'exited with status 2' });
    expect(byName.unit).to.include({
      result: 'SKIPPED',
      message: 'dependency build did not succeed (FAILURE)',
    });
    expect(await exists(path.join(workspace, 'build-ran'))).to.equal(false);
    expect(await exists(path.join(workspace, 'unit-ran'))).to.equal(false);
    expect(await exists(path.join(workspace, 'report-ran'))).to.equal(true);
  });

  it('skips a served job whose running hard dependency fails, without serving it', async function () {
    const { byName } = await run(
      [job('build', 'exit 1'), job('unit', 'exit 0', { dependencies: hard('build') })],
      { unit: recorded('SUCCESS') },
    );
    expect(byName.build).to.include({ result: 'FAILURE', cached: false });
    expect(byName.unit).to.include({
      result: 'SKIPPED',
      cached: false,
      message: 'dependency build did not succeed (FAILURE)',
    });
  });

  it('needs no workspace when every job is served or skipped', async function () {
    const { byName, events } = await run(
      [
        job('build', 'exit 0'),
        job('unit', 'exit 0', { dependencies: hard('build') }),
        job('lint', 'exit 1'),
        job('e2e', 'exit 0', { dependencies: hard('unit') }),
      ],
      {
        build: recorded('SUCCESS'),
        unit: recorded('RETRY_LIMIT', { attempts: 2 }),
        lint: recorded('SUCCESS'),
      },
      { workspace: null },
    );
    expect(byName.build).to.include({ result: 'SUCCESS', cached: true });
    expect(byName.unit).to.include({ result: 'RETRY_LIMIT', cached: true, attempts: 2 });
    expect(byName.lint).to.include({ result: 'SUCCESS', cached: true });
    expect(byName.e2e).to.include({
      result: 'SKIPPED',
      message: 'dependency unit did not succeed (RETRY_LIMIT)',
    });
    expect(events.filter((e) => e.type === 'start')).to.deep.equal([]);
  });

  it("a job that would have to run without a workspace is its caller's bug: the graph rejects, naming it", async function () {
    // Only a caller that wrongly judged every job served omits the workspace: that is specgate's bug (exit
    // 3), not the change's ERROR.
    const rejected = await run(
      [job('build', 'exit 0'), job('unit', 'exit 0')],
      { build: recorded('SUCCESS') },
      { workspace: null },
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(rejected).to.be.instanceOf(Error);
    expect((rejected as Error).message).to.equal('runJobGraph: job unit needs a workspace');
  });

  it("reports what a job that ran returned in its 'end' event, and nothing for a served one", async function () {
    const { events } = await run(
      [
        job('detect', 'echo \'{"child_jobs": ["node"], "data": {"v": 1}}\' > "$SPECGATE_RETURN"'),
        job('plain', 'exit 0'),
        job('node', 'exit 0', { dependencies: hard('detect') }),
        job('cached', 'exit 0'),
      ],
      { cached: recorded('SUCCESS', { childJobs: ['x'], data: { old: true } }) },
    );
    const ends = Object.fromEntries(events.filter((e) => e.type === 'end').map((e) => [e.job, e]));
    expect(ends.detect).to.deep.include({ returned: { childJobs: ['node'], data: { v: 1 } } });
    // A job without a return file hands nothing on, whether or not the event carries an empty `returned`.
    const plain = ends.plain.type === 'end' ? ends.plain.returned : undefined;
    expect(plain?.childJobs).to.equal(undefined);
    expect(plain?.data).to.equal(undefined);
    expect(ends.cached.type === 'end' && ends.cached.outcome.cached).to.equal(true);
    expect(ends.cached.type === 'end' && ends.cached.returned).to.equal(undefined);
  });
});
