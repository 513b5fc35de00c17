import type { ChangeVerdict, PipelineResult } from '../core/types.js';
import { describeJobs } from './describe-jobs.js';
import { describeState } from './describe-state.js';
import { shortSha } from './short-sha.js';

const failedJob = new Set(['FAILURE', 'TIMED_OUT', 'ERROR', 'RETRY_LIMIT']);

/**
 * The Markdown appended to GitHub Actions' `$GITHUB_STEP_SUMMARY` after a `check` or `gate` run:
 *
 * ```
 * ## specgate gate: ❌ FAILURE
 *
 * onto `main` (3f2a1c9d0e12) — 1 of 2 changes accepted: feature-a
 *
 * | change | result | tested on | why |
 * | --- | --- | --- | --- |
 * | feature-a | SUCCESS | main + feature-a | 2 jobs passed |
 * | feature-b | FAILURE | main + feature-a + feature-b | job unit failed (FAILURE) |
 *
 * **Failed job logs**
 *
 * - feature-b / unit (FAILURE): `/repo/.git/specgate/logs/…/unit.log`
 * ```
 *
 * Changes appear in queue order, pulled-in dependencies marked `(dependency)`. Cell text is stripped of
 * ANSI escapes and line breaks, and `|`, `*`, `<`, `>`, `&`, `\` and backquotes are escaped so that nothing
 * from a change name or message can break the table or inject HTML. Ends with a blank line, so that
 * several runs appended to one summary stay apart.
 */
export function renderStepSummary(result: PipelineResult): string {
  const icon = result.verdict === 'SUCCESS' ? '✅' : '❌';
  const accepted = result.changes.filter((change) => change.result === 'SUCCESS').map((change) => change.id);
  const lines = [
    `## specgate ${result.mode}: ${icon} ${result.verdict}`,
    '',
    `onto ${cell(result.target.ref)} (${shortSha(result.target.sha)}) — ${accepted.length} of ${result.changes.length} changes accepted${
      accepted.length > 0 ? `: ${accepted.map(cell).join(', ')}` : ''
    }`,
    '',
  ];

  if (result.changes.length > 0) {
    lines.push('| change | result | tested on | why |', '| --- | --- | --- | --- |');
    for (const change of result.changes) {
      const id = change.pulledIn ? `${change.id} (dependency)` : change.id;
      lines.push(
        `| ${[id, change.result, describeState(result.target.ref, change.includes), reason(change)].map(cell).join(' | ')} |`,
      );
    }
    lines.push('');
  }

  const failed = result.changes.flatMap((change) =>
    change.jobs.filter((job) => failedJob.has(job.result)).map((job) => ({ change, job })),
  );
  if (failed.length > 0) {
    lines.push('**Failed job logs**', '');
    for (const { change, job } of failed) {
      const notes = [job.result, job.voting ? '' : 'non-voting'].filter(Boolean).join(', ');
      const where = job.log ? code(job.log) : `no log${job.message ? ` (${cell(job.message)})` : ''}`;
      lines.push(`- ${cell(change.id)} / ${cell(job.name)} (${notes}): ${where}`);
    }
    lines.push('');
  }
  if (result.logDir) lines.push(`Logs: ${code(result.logDir)}`, '');
  return `${lines.join('\n')}\n`;
}

function reason(change: ChangeVerdict): string {
  return change.message.trim() || describeJobs(change.jobs);
}

const ansi = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;

/** Text safe inside a Markdown table cell: one line, no table or HTML syntax. */
function cell(value: string): string {
  return value
    .replace(ansi, '')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/\s*\r?\n\s*/g, ' ')
    .replace(/[\\`*|]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A code span that holds any path: fenced with more backquotes than the longest run inside it. */
function code(value: string): string {
  const clean = value.replace(ansi, '').replace(/[\u0000-\u001F\u007F]/g, '');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}
