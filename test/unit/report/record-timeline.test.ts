import { expect } from 'chai';
import type { JobOutcome } from '../../../src/core/types.js';
import { recordTimeline } from '../../../src/report/record-timeline.js';

/** A clock the test moves by hand. */
function manualClock(start = 1000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

const outcome = (
  name: string,
  result: JobOutcome['result'],
  extra: Partial<JobOutcome> = {},
): JobOutcome => ({
  name,
  result,
  voting: true,
  attempts: 1,
  cached: false,
  durationMs: 0,
  ...extra,
});

const state = (sha: string, dir?: string) => ({
  checkouts: [{ project: 'repo', sha, ...(dir !== undefined && { dir }) }],
});

describe('recordTimeline', () => {
  it('stamps states and jobs with their offset from the start of the run', () => {
    const clock = manualClock();
    const recorder = recordTimeline({ now: clock.now, clock: () => new Date('2026-01-02T03:04:05Z') });
    const { observer } = recorder;
    clock.advance(100);
    observer.stateStarted!('a', ['a'], state('s1', '/w/a'));
    clock.advance(50);
    observer.jobStarted!('a', 'test', 1, '/logs/a/test.log');
    clock.advance(200);
    observer.jobFinished!('a', outcome('test', 'SUCCESS', { durationMs: 199, log: '/logs/a/test.log' }));
    observer.changeFinished!({
      id: 'a',
      sha: 'x',
      result: 'SUCCESS',
      dependsOn: [],
      includes: ['a'],
      message: '',
      jobs: [],
    });
    clock.advance(10);
    const timeline = recorder.timeline();
    expect(timeline.startedAt).to.equal('2026-01-02T03:04:05.000Z');
    expect(timeline.endMs).to.equal(360);
    expect(timeline.decidedMs).to.deep.equal({ a: 350 });
    expect(timeline.states).to.have.length(1);
    const [a] = timeline.states;
    expect(a).to.include({ change: 'a', sha: 's1', fromCache: false, startMs: 100 });
    expect(a.builds).to.have.length(1);
    expect(a.builds[0]).to.include({
      job: 'test',
      startMs: 150,
      endMs: 350,
      attempts: 1,
      log: '/logs/a/test.log',
    });
  });

  it('ends the running jobs of a state a gate reset cancelled, as aborted at the reset', () => {
    const clock = manualClock();
    const recorder = recordTimeline({ now: clock.now });
    const { observer } = recorder;
    observer.stateStarted!('c', ['b', 'c'], state('s1', '/w/c'));
    observer.jobStarted!('c', 'lint', 1, '/l/c/lint.log');
    clock.advance(10);
    observer.jobFinished!('c', outcome('lint', 'SUCCESS'));
    observer.jobStarted!('c', 'test', 1, '/l/c/test.log');
    clock.advance(90);
    observer.stateReset!('c', ['b', 'c']);
    clock.advance(5);
    observer.stateStarted!('c', ['c'], state('s2', '/w/c'));
    observer.jobStarted!('c', 'test', 1, '/l/c-2/test.log');
    clock.advance(5);
    observer.jobFinished!('c', outcome('test', 'SUCCESS'));
    const [first, second] = recorder.timeline().states;
    expect(first).to.include({ resetMs: 100 });
    expect(first.builds.map((b) => [b.job, b.endMs, b.reset ?? false])).to.deep.equal([
      ['lint', 10, false],
      ['test', 100, true],
    ]);
    expect(second.includes).to.deep.equal(['c']);
    expect(second.builds.map((b) => [b.job, b.startMs, b.endMs, b.log])).to.deep.equal([
      ['test', 105, 110, '/l/c-2/test.log'],
    ]);
  });

  it('keeps a state cancelled before it started as one that never ran, even if it announces itself late', () => {
    const clock = manualClock();
    const recorder = recordTimeline({ now: clock.now });
    const { observer } = recorder;
    clock.advance(20);
    observer.stateReset!('c', ['b', 'c']);
    clock.advance(5);
    observer.stateStarted!('c', ['c'], state('s2', '/w/c'));
    observer.stateStarted!('c', ['b', 'c'], state('s1', '/w/c2'));
    observer.jobStarted!('c', 'test', 1, '/l/test.log');
    const [cancelled, rebuilt] = recorder.timeline().states;
    expect(cancelled).to.include({ resetMs: 20, sha: 's1' });
    expect(cancelled.builds).to.deep.equal([]);
    // Job events go to the state still live: the rebuilt one.
    expect(rebuilt).to.include({ sha: 's2' });
    expect(rebuilt.builds.map((b) => b.job)).to.deep.equal(['test']);
  });

  it('records results served from the cache, which never start, at the moment they are known', () => {
    const clock = manualClock();
    const recorder = recordTimeline({ now: clock.now });
    const { observer } = recorder;
    clock.advance(40);
    observer.stateStarted!('a', ['a'], state('s1'));
    observer.jobFinished!('a', outcome('test', 'FAILURE', { cached: true, durationMs: 5000 }));
    const [a] = recorder.timeline().states;
    expect(a.fromCache).to.equal(true);
    expect(a.builds[0]).to.include({ startMs: 40, endMs: 40 });
    expect(a.builds[0].outcome?.cached).to.equal(true);
  });
});
