import { expect } from 'chai';
import { mapLimit } from '../../../../src/git/checkout/map-limit.js';

/** A promise with its resolve and reject exposed, so a test decides when each call ends. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run (p-limit starts a queued call a few microtasks later). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapLimit', function () {
  it('returns results in the order of the items, whatever order the calls end in', async function () {
    const calls = [0, 1, 2, 3].map(() => deferred<string>());
    const result = mapLimit(['a', 'b', 'c', 'd'], 4, (item, index) =>
      calls[index].promise.then((v) => `${item}${v}`),
    );
    for (const index of [3, 1, 0, 2]) calls[index].resolve(String(index));
    expect(await result).to.deep.equal(['a0', 'b1', 'c2', 'd3']);
  });

  it('keeps at most limit calls in flight, and starts the next item as soon as any slot frees', async function () {
    const calls = Array.from({ length: 5 }, () => deferred<number>());
    const started: number[] = [];
    const result = mapLimit([0, 1, 2, 3, 4], 2, (item) => {
      started.push(item);
      return calls[item].promise;
    });
    await settle();
    expect(started).to.deep.equal([0, 1]);
    calls[1].resolve(1);
    await settle();
    expect(started).to.deep.equal([0, 1, 2]);
    calls[2].resolve(2);
    calls[0].resolve(0);
    await settle();
    expect(started).to.deep.equal([0, 1, 2, 3, 4]);
    calls[3].resolve(3);
    calls[4].resolve(4);
    expect(await result).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('starts no further item after the first rejection, and rejects with it', async function () {
    const calls = Array.from({ length: 6 }, () => deferred<number>());
    const started: number[] = [];
    const result = mapLimit([0, 1, 2, 3, 4, 5], 2, (item) => {
      started.push(item);
      return calls[item].promise;
    });
    const outcome = result.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await settle();
    calls[0].reject(new Error('boom'));
    expect(await outcome).to.equal('boom');
    calls[1].resolve(1);
    await settle();
    expect(started).to.deep.equal([0, 1]);
  });

  it('maps nothing to nothing, and refuses a limit that is not a positive integer', async function () {
    expect(await mapLimit([], 3, async () => 1)).to.deep.equal([]);
    for (const limit of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = await mapLimit([1], limit, async () => 1).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error, String(limit)).to.be.instanceOf(Error);
    }
  });
});
