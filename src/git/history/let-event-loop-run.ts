/** How long a merge may run on without letting timers, I/O and signal handlers in. */
const SLICE_MS = 20;

let sliceStart = Date.now();

/**
 * Gives the event loop a turn when the current slice of work has run for a while. A merge reads
 * objects through promises that often resolve at once (cached), so without this a long merge would keep
 * the loop busy with microtasks only, and Ctrl-C or SIGTERM would not be handled until it ended.
 * With `always`, the turn is given however short the slice was (once per step of a long computation).
 */
export async function letEventLoopRun(always = false): Promise<void> {
  if (!always && Date.now() - sliceStart < SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  sliceStart = Date.now();
}
