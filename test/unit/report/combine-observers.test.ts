import { expect } from 'chai';
import type { RunObserver } from '../../../src/core/types.js';
import { combineObservers } from '../../../src/report/combine-observers.js';
import type { Progress } from '../../../src/report/types.js';

describe('combineObservers', () => {
  it('hands every event to the progress view, then to each other observer, and stops the view', async () => {
    const seen: string[] = [];
    let stopped = 0;
    const progress: Progress = {
      jobStarted: (change, job) => seen.push(`progress ${change} ${job}`),
      stop: async () => {
        stopped += 1;
      },
    };
    const html: RunObserver = {
      jobStarted: (change, job, attempt, log) => seen.push(`html ${change} ${job} ${attempt} ${log}`),
      stateReset: (change, includes) => seen.push(`html reset ${change} ${includes.join('+')}`),
    };
    const combined = combineObservers(progress, [html]);
    combined.jobStarted!('a', 'test', 1, '/l');
    combined.stateReset!('b', ['a', 'b']);
    combined.warning!('ignored by both');
    await combined.stop();
    expect(seen).to.deep.equal(['progress a test', 'html a test 1 /l', 'html reset b a+b']);
    expect(stopped).to.equal(1);
  });

  it('is the progress view itself when nothing else observes the run', () => {
    const progress: Progress = { stop: async () => {} };
    expect(combineObservers(progress, [])).to.equal(progress);
  });
});
