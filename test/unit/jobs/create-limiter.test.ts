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

describe('createLimiter priorities', function () {
  it('serves waiting tasks lowest priority first, first come first served within one', async function () {
    const limiter = createLimiter(1);
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = limiter.run(first.task, undefined, 5);
    // Asked in this order while the slot is held: the tail's (2) before the head's (0).
    const asked = [
      ['tail-a', 2],
      ['head-a', 0],
      ['mid', 1],
      ['head-b', 0],
      ['tail-b', 2],
    ] as const;
    const results = asked.map(([name, priority]) =>
      limiter.run(
        async () => {
          log.push(`start ${name}`);
          return name;
        },
        undefined,
        priority,
      ),
    );
    expect(log).to.deep.equal(['start first']);
    first.finish();
    await running;
    await Promise.all(results);
    expect(log.filter((line) => line.startsWith('start'))).to.deep.equal([
      'start first',
      'start head-a',
      'start head-b',
      'start mid',
      'start tail-a',
      'start tail-b',
    ]);
  });

  it('a task of higher rank asked later still waits for a free slot: priority never preempts', async function () {
    const limiter = createLimiter(1);
    const log: string[] = [];
    const tail = gate(log, 'tail');
    const running = limiter.run(tail.task, undefined, 9);
    const head = limiter.run(async () => log.push('start head'), undefined, 0);
    await Promise.resolve();
    expect(log).to.deep.equal(['start tail']);
    tail.finish();
    await running;
    await head;
    expect(log).to.deep.equal(['start tail', 'end tail', 'start head']);
  });

  it('an aborted waiter leaves its place: the next in rank gets the slot, the aborted one never runs', async function () {
    const limiter = createLimiter(1);
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = limiter.run(first.task);
    const controller = new AbortController();
    const dropped = limiter.run(async () => log.push('start dropped'), controller.signal, 0);
    const later = limiter.run(async () => log.push('start later'), undefined, 1);
    controller.abort(new Error('reset'));
    expect(await dropped.catch((error: Error) => error.message)).to.equal('reset');
    first.finish();
    await running;
    await later;
    expect(log).to.deep.equal(['start first', 'end first', 'start later']);
  });

  it('a task that throws synchronously rejects and frees its slot', async function () {
    const limiter = createLimiter(1);
    const thrown = limiter.run((): Promise<string> => {
      throw new Error('sync');
    });
    expect(await thrown.catch((error: Error) => error.message)).to.equal('sync');
    expect(await limiter.run(async () => 'free')).to.equal('free');
  });
});
