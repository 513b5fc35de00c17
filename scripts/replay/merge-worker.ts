import { openRepository } from '../../src/git/open-repository.js';
import { mergeWithSpecgate } from './merge-with-specgate.js';

/**
 * A child process that merges commit pairs with specgate on request, so the replay can bound each merge
 * in time: a merge past its bound is ended with its whole process (a merge busy in a long synchronous
 * stretch answers no signal but SIGKILL), and a fresh worker takes the next one.
 *
 * Protocol (IPC): the parent sends `{ dir }` once (answered `{ ready }`), then `{ id, ours, theirs }`; the worker answers each
 * with `{ id, ms, result }` or `{ id, ms, error }`.
 */
let ctx: ReturnType<typeof openRepository> | undefined;

process.on('message', (message: { dir?: string; id?: number; ours?: string; theirs?: string }) => {
  if (message.dir) {
    ctx = openRepository({ cwd: message.dir });
    process.send!({ ready: true });
    return;
  }
  void (async () => {
    const start = performance.now();
    // For the replay's own test: a merge stuck in synchronous work, deaf to every signal but SIGKILL.
    if (process.env.SPECGATE_REPLAY_STALL === '1') {
      process.on('SIGTERM', () => undefined);
      for (;;);
    }
    try {
      const result = await mergeWithSpecgate({ ctx: ctx!, ours: message.ours!, theirs: message.theirs! });
      process.send!({ id: message.id, ms: performance.now() - start, result });
    } catch (error) {
      process.send!({
        id: message.id,
        ms: performance.now() - start,
        error: error instanceof Error ? error.message.split('\n')[0] : String(error),
      });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
