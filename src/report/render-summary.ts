import { Chalk, type ChalkInstance } from 'chalk';

import type { ChangeVerdict, JobOutcome, PipelineResult } from '../core/types.js';
import { colorResult } from './color-result.js';
import { describeJobs } from './describe-jobs.js';
import { describeState } from './describe-state.js';
import { formatTable, type Cell } from './format-table.js';
import { judgedBy } from './judged-by.js';
import { shortSha } from './short-sha.js';

const failedJob = new Set(['FAILURE', 'TIMED_OUT', 'ERROR', 'RETRY_LIMIT']);

/**
 * The human summary printed after a run (stdout), ending with a newline:
 *
 * ```
 * gate onto main (3f2a1c9d0e12)
 *
 *   change     result   tested on                         why
 *   feature-a  SUCCESS  main + feature-a                  2 jobs passed
 *   feature-b  FAILURE  main + feature-a + feature-b      job unit failed (FAILURE)
 *
 * Failed job logs:
 *   feature-b / unit: /repo/.git/specgate/logs/…/unit.log
 *
 * Verdict: FAILURE — 1 of 2 changes can merge, in this order: feature-a
 * ```
 *
 * Changes appear in queue order; pulled-in dependencies are marked `(dependency)`. "tested on" is the state
 * the result was decided on (`-` when none was built); "why" is the verdict's message (for `plan`, which
 * runs no jobs, the column is "state" and the message names the merge). Then the log of every failed job,
 * the verdict, how many job results came from the result cache (a batch's jobs counted once, not once per
 * change they judged), and where the run's logs and kept state
 * directories are. With `color: false` the text holds no ANSI codes. With `width`, no table line is wider
 * than that: states longer than a third of it read `main + 3 ahead + change`, the last column wraps under
 * itself, and change names or states are cut with `…` only when even that does not fit.
 */
export function renderSummary(result: PipelineResult, options: { color: boolean; width?: number }): string {
  // Level 1 is enough for the handful of colours used, and is what every colour terminal supports.
  const colors = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];

  lines.push(
    `${colors.bold(result.mode)} onto ${result.target.ref} ${colors.dim(`(${shortSha(result.target.sha)})`)}`,
    '',
  );

  if (result.changes.length === 0) {
    lines.push('  no change in the queue');
  } else {
    const header: Cell[] = ['change', 'result', 'tested on', result.mode === 'plan' ? 'state' : 'why'].map(
      (text) => ({
        text,
        style: colors.dim,
      }),
    );
    // A third of the width for the state, so that the reason keeps the most room.
    const stateWidth = options.width === undefined ? undefined : Math.max(24, Math.floor(options.width / 3));
    const rows = result.changes.map((change): Cell[] => [
      { text: change.pulledIn ? `${change.id} (dependency)` : change.id },
      { text: change.result, style: () => colorResult(colors, change.result) },
      { text: describeState(result.target.ref, change.includes, { maxWidth: stateWidth }) },
      { text: reason(result, change) },
    ]);
    lines.push(...formatTable([header, ...rows], { width: options.width, shrink: [2, 0] }));
  }

  const failed = result.changes.flatMap((change) =>
    change.jobs.filter((job) => failedJob.has(job.result)).map((job) => ({ change, job })),
  );
  if (failed.length > 0) {
    lines.push('', 'Failed job logs:');
    for (const { change, job } of failed) lines.push(`  ${change.id} / ${job.name}: ${jobLog(job, colors)}`);
  }

  lines.push('', verdictLine(result, colors));

  // A batch's jobs are listed under each change it judged, but were run (or taken from the cache) once.
  const ran = result.changes
    .flatMap((change) => change.jobs.filter((job) => !judgedBy(result, change, job)))
    .filter((job) => job.attempts > 0 || job.cached);
  const cached = ran.filter((job) => job.cached).length;
  if (cached > 0) {
    lines.push(
      `Cached: ${cached} of ${ran.length} job results were taken from the result cache (refs/notes/specgate); --no-cache runs them again`,
    );
  }

  if (result.logDir) lines.push(`Logs: ${result.logDir}`);
  const kept = Object.entries(result.keptStates ?? {});
  if (kept.length > 0) {
    lines.push('Kept state directories:');
    for (const [change, directory] of kept) lines.push(`  ${change}: ${directory}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The verdict's own message is the reason; the jobs speak only when it is missing. */
function reason(result: PipelineResult, change: ChangeVerdict): string {
  const message = change.message.replace(/\s*\r?\n\s*/g, ' ').trim();
  if (message) return message;
  if (result.mode === 'plan') return change.speculativeSha ? shortSha(change.speculativeSha) : '-';
  return describeJobs(change.jobs);
}

function jobLog(job: JobOutcome, colors: ChalkInstance): string {
  const notes = [job.result, job.voting ? '' : 'non-voting', job.cached ? 'cached' : '']
    .filter(Boolean)
    .join(', ');
  const where = job.log ?? `no log${job.message ? ` (${job.message})` : ''}`;
  return `${where} ${colors.dim(`(${notes})`)}`;
}

/**
 * `Verdict: FAILURE — 2 of 4 changes can merge, in this order: a, c`. In `check` mode changes are judged
 * independently, so the line says which passed rather than implying an order.
 */
function verdictLine(result: PipelineResult, colors: ChalkInstance): string {
  const verdict =
    result.verdict === 'SUCCESS' ? colors.green.bold(result.verdict) : colors.red.bold(result.verdict);
  const total = result.changes.length;
  const accepted = result.changes.filter((change) => change.result === 'SUCCESS').map((change) => change.id);
  let text: string;
  if (total === 0) {
    text = 'nothing to merge';
  } else if (accepted.length === 0) {
    text = total === 1 ? `${result.changes[0].id} cannot merge` : `none of the ${total} changes can merge`;
  } else {
    const count =
      accepted.length === total
        ? total === 1
          ? 'the change'
          : `all ${total} changes`
        : `${accepted.length} of ${total} changes`;
    const verb = result.mode === 'check' ? 'passed' : 'can merge';
    const order = result.mode === 'check' || accepted.length === 1 ? ': ' : ', in this order: ';
    text = `${count} ${verb}${order}${accepted.join(', ')}`;
  }
  return `Verdict: ${verdict} — ${text}`;
}
