import { homeCheckout, type SpeculativeState } from '../core/queue/speculative-state.js';
import type { ChangeVerdict, JobOutcome, QueuedChange } from '../core/types.js';
import { describeJobs } from './describe-jobs.js';
import { describeState } from './describe-state.js';
import { formatDuration } from './format-duration.js';
import { shortSha } from './short-sha.js';
import type { Progress, ProgressStream } from './types.js';

/**
 * Progress for logs, pipes and CI: one line per event, prefixed with the change id in brackets, no colour,
 * no cursor movement, so that the output reads well in a CI log and `grep '\[feature-b\]'` finds the whole
 * story of one change:
 *
 * ```
 * [feature-b] queued onto main, depends on feature-a
 * [feature-b] testing on main + feature-a + feature-b (3f2a1c9d0e12)
 * [feature-b] prepare: npm ci (cache miss) started
 * [feature-b] prepare: npm ci (cache miss) done in 4.2s
 * [feature-b] job unit started (log: /repo/.git/specgate/logs/…/unit.log)
 * [feature-b] job unit FAILURE in 1.2s
 * [feature-b] FAILURE: job unit failed
 * ```
 */
export function createPlainProgress({ stream }: { stream: ProgressStream }): Progress {
  // Remembered from `queued` so that later lines can name the state in full; before it, a state is named
  // by its changes only.
  let targetRef: string | undefined;
  const write = (change: string, text: string): void => {
    stream.write(`[${change}] ${oneLine(text)}\n`);
  };

  return {
    queued(queue: QueuedChange[], target: { ref: string; sha: string }): void {
      targetRef = target.ref;
      for (const change of queue) {
        const role = change.pulledIn ? ' (dependency)' : '';
        const needs = change.dependsOn.length > 0 ? `, depends on ${change.dependsOn.join(', ')}` : '';
        write(change.id, `queued${role} onto ${target.ref}${needs}`);
      }
    },
    stateStarted(change: string, includes: string[], speculative: SpeculativeState): void {
      const state = targetRef === undefined ? includes.join(' + ') : describeState(targetRef, includes);
      write(change, `testing on ${state} (${shortSha(homeCheckout(speculative).sha)})`);
    },
    stateReset(change: string, includes: string[]): void {
      const state = targetRef === undefined ? includes.join(' + ') : describeState(targetRef, includes);
      write(change, `reset: ${state} will not be the state ahead; cancelled, to be rebuilt`);
    },
    prepareStarted(change: string, step: { run: string; cached: boolean }): void {
      write(change, `prepare: ${step.run} ${cacheNote(step.cached)} started`);
    },
    prepareFinished(
      change: string,
      step: { run: string; ok: boolean; cached: boolean; durationMs: number; log?: string },
    ): void {
      const how = step.ok ? 'done' : 'FAILED';
      const log = !step.ok && step.log !== undefined ? ` (log: ${step.log})` : '';
      write(
        change,
        `prepare: ${step.run} ${cacheNote(step.cached)} ${how} in ${formatDuration(step.durationMs)}${log}`,
      );
    },
    jobStarted(change: string, job: string, attempt: number, log: string): void {
      const retry = attempt > 1 ? `, attempt ${attempt}` : '';
      write(change, `job ${job} started${retry} (log: ${log})`);
    },
    jobFinished(change: string, outcome: JobOutcome): void {
      write(change, `job ${describeOutcome(outcome)}`);
    },
    changeFinished(verdict: ChangeVerdict): void {
      write(verdict.id, `${verdict.result}: ${verdict.message || describeJobs(verdict.jobs)}`);
    },
    warning(message: string): void {
      stream.write(`specgate: warning: ${oneLine(message)}\n`);
    },
    async stop(): Promise<void> {
      // Every line is already written; nothing is held back.
    },
  };
}

/** Whether a prepare step's products come from the cache: the words npm and pnpm users know. */
function cacheNote(cached: boolean): string {
  return cached ? '(cache hit)' : '(cache miss)';
}

function describeOutcome(outcome: JobOutcome): string {
  const parts = [outcome.name, outcome.result];
  // A job that never ran (skipped, or aborted before starting) has no meaningful duration.
  if (outcome.durationMs > 0 && outcome.result !== 'SKIPPED')
    parts.push(`in ${formatDuration(outcome.durationMs)}`);
  if (outcome.cached) parts.push('(cached)');
  if (!outcome.voting) parts.push('(non-voting)');
  if (outcome.attempts > 1) parts.push(`after ${outcome.attempts} attempts`);
  const text = parts.join(' ');
  return outcome.message ? `${text}: ${outcome.message}` : text;
}

/** A line per event: multi-line messages would break the `[id] …` prefix that makes the log greppable. */
function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
