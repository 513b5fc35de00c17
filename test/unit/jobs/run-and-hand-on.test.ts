import { expect } from 'chai';
import { createLimiter } from '../../../src/jobs/create-limiter.js';
import { runAndHandOn } from '../../../src/jobs/run-and-hand-on.js';

describe('runAndHandOn', function () {
  it('keeps the slot for the first follow-up: a waiter of better priority does not get it in between', async function () {
    const limiter = createLimiter(1);
    const log: string[] = [];
    const handing = runAndHandOn({
      limiter,
      task: async () => 'prepared',
      keep: () => true,
      priority: 1,
    });
    // Asks while the slot is held, and ranks before the follow-up.
    const other = limiter.run(async () => log.push('other'), undefined, 0);
    const { result, next, release } = await handing;
    expect(result).to.equal('prepared');
    await next.run(async () => log.push('first follow-up'));
    const later = next.run(async () => log.push('second follow-up'), undefined, 1);
    release();
    await Promise.all([other, later]);
    expect(log).to.deep.equal(['first follow-up', 'other', 'second follow-up']);
  });

  it('release gives back a slot no follow-up claimed', async function () {
    const limiter = createLimiter(1);
    const { release } = await runAndHandOn({ limiter, task: async () => 1, keep: () => true });
    const waiting = limiter.run(async () => 'ran');
    release();
    release();
    expect(await waiting).to.equal('ran');
  });

  it('keeps nothing when keep says no: the slot goes to the queue as the task ends', async function () {
    const limiter = createLimiter(1);
    const log: string[] = [];
    const handing = runAndHandOn({ limiter, task: async () => false, keep: (ok) => ok });
    const other = limiter.run(async () => log.push('other'));
    const { next } = await handing;
    await other;
    await next.run(async () => log.push('follow-up'));
    expect(log).to.deep.equal(['other', 'follow-up']);
  });

  it('a follow-up whose signal has aborted does not run, and frees the kept slot', async function () {
    const limiter = createLimiter(1);
    const { next } = await runAndHandOn({ limiter, task: async () => 1, keep: () => true });
    let ran = false;
    const dropped = next.run(
      async () => {
        ran = true;
      },
      AbortSignal.abort(new Error('reset')),
    );
    expect(await dropped.catch((error: Error) => error.message)).to.equal('reset');
    expect(ran).to.equal(false);
    expect(await limiter.run(async () => 'free')).to.equal('free');
  });

  it('rejects as the limiter does when aborted while waiting, and passes on the task error', async function () {
    const limiter = createLimiter(1);
    let release = (): void => {};
    const blocker = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const waiting = runAndHandOn({
      limiter,
      task: async () => 1,
      keep: () => true,
      signal: controller.signal,
    });
    controller.abort(new Error('cancelled'));
    expect(await waiting.catch((error: Error) => error.message)).to.equal('cancelled');
    release();
    await blocker;
    const failing = runAndHandOn({
      limiter,
      task: async () => {
        throw new Error('boom');
      },
      keep: () => true,
    });
    expect(await failing.catch((error: Error) => error.message)).to.equal('boom');
    expect(await limiter.run(async () => 'free')).to.equal('free');
  });
});
