import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SpecgateMerge } from './merge-with-specgate.js';

/** Merges after which a worker is replaced, so caches cannot grow without bound over a long replay. */
const MERGES_PER_WORKER = 200;

type Answer = { result: SpecgateMerge; ms: number } | { error: string; ms: number } | { timeout: true };

/**
 * specgate's side of the replay, in a child process that is killed (SIGKILL) and replaced when a merge
 * runs past its time bound, so that one pathological merge cannot hang the replay.
 */
export class MergeWorker {
  private child: ChildProcess | undefined;
  private served = 0;
  private next = 0;

  constructor(private readonly dir: string) {}

  /** Merges `theirs` into `ours` with specgate, within `timeoutMs` (the worker's start-up not counted). */
  async merge(args: { ours: string; theirs: string; timeoutMs: number }): Promise<Answer> {
    if (this.child && this.served >= MERGES_PER_WORKER) this.close();
    const child = this.child ?? (await this.start());
    this.served += 1;
    const id = (this.next += 1);
    return new Promise<Answer>((resolve) => {
      const done = (answer: Answer) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(answer);
      };
      const onMessage = (message: { id: number; ms: number; result?: SpecgateMerge; error?: string }) => {
        if (message.id !== id) return;
        done(
          message.result
            ? { result: message.result, ms: message.ms }
            : { error: message.error ?? 'no answer', ms: message.ms },
        );
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        done({ error: `the merge process ended (${signal ?? `exit ${code}`})`, ms: 0 });
      };
      const timer = setTimeout(() => {
        this.close();
        done({ timeout: true });
      }, args.timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ id, ours: args.ours, theirs: args.theirs });
    });
  }

  /** Ends the worker, if one runs. */
  close(): void {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
    }
  }

  private async start(): Promise<ChildProcess> {
    const script = fileURLToPath(new URL('./merge-worker.ts', import.meta.url));
    const child = fork(script, [], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the merge process could not start (exit ${code})`)));
      child.send({ dir: this.dir });
    });
    child.removeAllListeners('exit');
    this.child = child;
    this.served = 0;
    return child;
  }
}
