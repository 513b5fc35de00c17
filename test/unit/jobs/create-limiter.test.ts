import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLimiter } from '../../../src/jobs/create-limiter.js';

/** A task that records when it runs and finishes when `finish` is called. */
function gate(log: string[], name: string): { task: () => Promise<string>; finish: () => void } {
  let finish = (): void => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => finish(),
  };
}

describe('createLimiter', function () {
  it('runs at most n tasks at once and starts waiting ones in arrival order', async function () {
    const limiter = createLimiter(2);
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => gate(log, name));
    const results = tasks.map((t) => limiter.run(t.task));
    await sleep(10);
    expect(log).to.deep.equal(['start a', 'start b']);
    tasks[1].finish();
    await sleep(10);
    expect(log).to.deep.equal(['start a', 'start b', 'end b', 'start c']);
    tasks[0].finish();
    tasks[2].finish();
    tasks[3].finish();
    expect(await Promise.all(results)).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(log.filter((line) => line.startsWith('start'))).to.deep.equal([
      'start a',
      'start b',
      'start c',
      'start d',
    ]);
  });

  it('frees the slot of a task that fails, and passes the failure on', async function () {
    const limiter = createLimiter(1);
    const failing = limiter.run(async () => {
      throw new Error('boom');
    });
    const next = limiter.run(async () => 'next');
    expect(await failing.catch((error: Error) => error.message)).to.equal('boom');
    expect(await next).to.equal('next');
  });

  it('drops a waiting task whose signal aborts, without running it, and keeps the queue moving', async function () {
    const limiter = createLimiter(1);
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = limiter.run(first.task);
    const controller = new AbortController();
    let ranDropped = false;
    const dropped = limiter.run(async () => {
      ranDropped = true;
    }, controller.signal);
    const after = limiter.run(async () => 'after');
    controller.abort(new Error('cancelled'));
    expect(await dropped.catch((error: Error) => error.message)).to.equal('cancelled');
    first.finish();
    expect(await running).to.equal('first');
    expect(await after).to.equal('after');
    expect(ranDropped).to.equal(false);
  });

  it('rejects at once when the signal is already aborted, even with a free slot', async function () {
    const limiter = createLimiter(1);
    let ran = false;
    const result = limiter.run(
      async () => {
        ran = true;
      },
      AbortSignal.abort(new Error('gone')),
    );
    expect(await result.catch((error: Error) => error.message)).to.equal('gone');
    expect(ran).to.equal(false);
    expect(await limiter.run(async () => 'free')).to.equal('free');
  });

  it('refuses a size that is not a positive integer', function () {
    for (const n of [0, -1, 1.5, Number.NaN]) {
      expect(() => createLimiter(n), String(n)).to.throw(RangeError);
    }
  });
});
