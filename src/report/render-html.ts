import path from 'node:path';
import type { ChangeVerdict, JobOutcome, PipelineResult } from '../core/types.js';
import { describeState } from './describe-state.js';
import { escapeHtml as e } from './escape-html.js';
import { formatDuration } from './format-duration.js';
import type { RunTimeline, TimedBuild, TimedState } from './record-timeline.js';
import { shortSha } from './short-sha.js';

/** What a row of the time axis is to its change. */
type Role = 'deciding' | 'reset' | 'superseded';

interface Row {
  change: string;
  state: TimedState;
  role: Role;
  /** The change whose rejection made this state wrong, when it can be told. */
  culprit?: string;
}

/**
 * The picture of a `check` or `gate` run (`--html FILE`): one self-contained HTML page — inline CSS, no
 * script, no external resource (a Content-Security-Policy forbids any) — with
 *
 * - a header: mode, verdict, target and its commit, when the run started and how long it took;
 * - the queue in order: each change, its commit, its result and why, the state it was decided on
 *   (`main + a + b`), and its jobs with result, duration, `cached` and a link to the log;
 * - the time axis: for each change, one row per state it was tested on, in the order they started, with a
 *   bar per job from its start to its end. A state a gate reset cancelled is labelled `reset by <change>`
 *   (the change ahead whose rejection made it wrong) and its running jobs end in hatched, struck ABORTED
 *   bars; a state that finished but did not decide the change is labelled `not used`; cached results are
 *   dotted; each change's decision is a mark on its row.
 *
 * Log links are paths relative to `htmlDir` (the directory of the page), percent-encoded, so that the page
 * opened from disk (`file://`) reaches the logs, and keeps reaching them when the page and the repository are
 * moved together. Everything taken from the run (change ids, job names, messages, paths) is escaped.
 */
export function renderHtml(
  result: PipelineResult,
  timeline: RunTimeline,
  options: { htmlDir: string },
): string {
  const target = result.target.ref;
  const rows = arrangeRows(result, timeline);
  // A loop, not Math.max(...all): a long queue's builds would overflow the argument list.
  let span = Math.max(1, timeline.endMs);
  const times = [
    ...Object.values(timeline.decidedMs),
    ...timeline.states.flatMap((s) => [s.startMs ?? 0, s.resetMs ?? 0, ...s.builds.map((b) => b.endMs ?? 0)]),
  ];
  for (const time of times) if (time > span) span = time;
  const href = (log: string) => logHref(log, options.htmlDir);
  const passed = result.changes.filter((c) => c.result === 'SUCCESS').length;
  const title = `specgate ${result.mode}: ${result.verdict}`;

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)} (${e(target)})</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>specgate ${e(result.mode)}: <span class="verdict v-${e(result.verdict)}">${e(result.verdict)}</span></h1>`,
    `<p>target <b>${e(target)}</b> at <code>${e(shortSha(result.target.sha))}</code>; started ${e(timeline.startedAt)}, took ${e(formatDuration(span))}; ${result.changes.length} change${result.changes.length === 1 ? '' : 's'}: ${passed} passed, ${result.changes.length - passed} rejected.</p>`,
    ...(result.logDir === undefined ? [] : [`<p>logs in <code>${e(result.logDir)}</code></p>`]),
    '</header>',
    '<main>',
    '<section id="queue">',
    '<h2>Queue</h2>',
    '<table class="queue">',
    '<thead><tr><th>#</th><th>change</th><th>result</th><th>decided on</th><th>why</th><th>jobs</th></tr></thead>',
    '<tbody>',
    ...result.changes.map((change, i) => queueRow(change, i + 1, target, href)),
    '</tbody>',
    '</table>',
    '</section>',
    '<section id="timeline">',
    '<h2>States and builds in time</h2>',
    '<div class="timeline">',
    axis(span),
    ...rows.map((row) => timelineRow(row, target, span, timeline.decidedMs, result, href)),
    '</div>',
    LEGEND,
    '</section>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Every observed state, grouped by change in queue order, each with its role and culprit. */
function arrangeRows(result: PipelineResult, timeline: RunTimeline): Row[] {
  const order = [
    ...result.changes.map((c) => c.id),
    ...timeline.states.map((s) => s.change).filter((id) => !result.changes.some((c) => c.id === id)),
  ];
  const verdicts = new Map(result.changes.map((c) => [c.id, c]));
  const rows: Row[] = [];
  for (const id of [...new Set(order)]) {
    const states = timeline.states.filter((s) => s.change === id);
    const verdict = verdicts.get(id);
    const decidingIndex = verdict
      ? states.findLastIndex((s) => s.resetMs === undefined && same(s.includes, verdict.includes))
      : -1;
    states.forEach((state, i) => {
      const role: Role =
        state.resetMs !== undefined ? 'reset' : i === decidingIndex ? 'deciding' : 'superseded';
      const next =
        states[i + 1]?.includes ?? (verdict && verdict.includes.length > 0 ? verdict.includes : undefined);
      const culprit = role === 'deciding' ? undefined : culpritOf(state, next, verdicts);
      rows.push({ change: id, state, role, ...(culprit !== undefined && { culprit }) });
    });
    if (verdict && decidingIndex < 0) {
      // Decided without jobs on a state of its own: a conflict, a rejected dependency, no job applying.
      rows.push({
        change: id,
        state: { change: id, includes: verdict.includes, fromCache: false, builds: [] },
        role: 'deciding',
      });
    }
  }
  return rows;
}

/** The change ahead in `state` that the change's next state (or final one) left out, else a rejected one. */
function culpritOf(
  state: TimedState,
  next: string[] | undefined,
  verdicts: Map<string, ChangeVerdict>,
): string | undefined {
  const ahead = state.includes.filter((id) => id !== state.change);
  return (
    (next && ahead.find((id) => !next.includes(id))) ??
    ahead.find((id) => verdicts.get(id) !== undefined && verdicts.get(id)!.result !== 'SUCCESS')
  );
}

function queueRow(
  change: PipelineResult['changes'][number],
  n: number,
  target: string,
  href: (log: string) => string,
) {
  const role = change.pulledIn ? ' <span class="tag">dependency</span>' : '';
  const needs =
    change.dependsOn.length > 0
      ? `<div class="small">depends on ${change.dependsOn.map(e).join(', ')}</div>`
      : '';
  const jobs =
    change.jobs.length === 0
      ? '<span class="small">no job ran</span>'
      : `<ul class="jobs">${change.jobs.map((job) => `<li>${jobLine(job, href)}</li>`).join('')}</ul>`;
  return [
    `<tr class="change r-${e(change.result)}" id="change-${n}">`,
    `<td>${n}</td>`,
    `<td><span class="change-id">${e(change.id)}</span>${role}<div class="small"><code>${e(shortSha(change.sha))}</code></div>${needs}</td>`,
    `<td><span class="result r-${e(change.result)}">${e(change.result)}</span></td>`,
    `<td class="state">${e(describeState(target, change.includes))}${change.speculativeSha ? ` <code>${e(shortSha(change.speculativeSha))}</code>` : ''}</td>`,
    `<td class="why">${e(change.message)}</td>`,
    `<td>${jobs}</td>`,
    '</tr>',
  ].join('');
}

function jobLine(job: JobOutcome, href: (log: string) => string): string {
  const name = job.log
    ? `<a href="${e(href(job.log))}" title="${e(job.log)}">${e(job.name)}</a>`
    : e(job.name);
  const extras = [
    job.result === 'SKIPPED' ? '' : formatDuration(job.durationMs),
    job.cached ? '<span class="tag cached">cached</span>' : '',
    job.voting ? '' : '<span class="tag">non-voting</span>',
    job.attempts > 1 ? `${job.attempts} attempts` : '',
    job.message ? `<span class="small">${e(job.message)}</span>` : '',
  ].filter((part) => part !== '');
  return `${name} <span class="result r-${e(job.result)}">${e(job.result)}</span> ${extras.join(' ')}`;
}

function timelineRow(
  row: Row,
  target: string,
  span: number,
  decidedMs: Record<string, number>,
  result: PipelineResult,
  href: (log: string) => string,
): string {
  const { state } = row;
  const label = state.includes.length > 0 ? describeState(target, state.includes) : 'no state built';
  const at = (ms: number) => formatDuration(ms);
  const note =
    row.role === 'reset'
      ? `<span class="tag reset">${e(row.culprit ? `reset by ${row.culprit}` : 'reset')} at ${e(at(state.resetMs!))}</span>${state.startMs === undefined ? ' <span class="small">cancelled before its jobs started</span>' : ''}`
      : row.role === 'superseded'
        ? `<span class="tag superseded">${e(supersededNote(row, result))}</span>`
        : state.fromCache
          ? '<span class="tag cached">from the result cache</span>'
          : '';
  const verdict = result.changes.find((c) => c.id === row.change);
  const outcome =
    row.role === 'deciding' && verdict
      ? ` <span class="result r-${e(verdict.result)}">${e(verdict.result)}</span>`
      : '';
  const decided = decidedMs[row.change];
  const mark =
    row.role === 'deciding' && decided !== undefined && verdict
      ? `<span class="decided r-${e(verdict.result)}" style="left:${pct(decided, span)}" title="${e(`${row.change}: ${verdict.result} at ${at(decided)}`)}"></span>`
      : '';
  const resetLine =
    row.role === 'reset' ? `<span class="reset-line" style="left:${pct(state.resetMs!, span)}"></span>` : '';
  return [
    `<div class="row role-${row.role}">`,
    `<div class="label"><span class="change-id">${e(row.change)}</span> <span class="state">${e(label)}</span>${state.sha ? ` <code>${e(shortSha(state.sha))}</code>` : ''}${outcome} ${note}</div>`,
    `<div class="track">${state.builds.map((build) => bar(build, row, span, href)).join('')}${resetLine}${mark}</div>`,
    '</div>',
  ].join('');
}

function bar(build: TimedBuild, row: Row, span: number, href: (log: string) => string): string {
  const outcome = build.outcome;
  const result = outcome?.result ?? (build.reset ? 'ABORTED' : 'RUNNING');
  const end = build.endMs ?? span;
  const classes = [
    'bar',
    `r-${result}`,
    ...(outcome?.cached ? ['cached'] : []),
    ...(build.reset ? ['reset'] : []),
    ...(outcome && !outcome.voting ? ['nonvoting'] : []),
  ];
  const duration = outcome && outcome.durationMs > 0 ? outcome.durationMs : end - build.startMs;
  const why = build.reset
    ? `aborted by a gate reset${row.culprit ? ` (reset by ${row.culprit})` : ''}`
    : (outcome?.message ?? '');
  const title = [
    `${build.job}: ${result}`,
    result === 'SKIPPED' ? '' : ` in ${formatDuration(duration)}`,
    outcome?.cached ? ' (cached)' : '',
    build.attempts > 1 ? `, ${build.attempts} attempts` : '',
    why ? `: ${why}` : '',
    `; ${formatDuration(build.startMs)} to ${formatDuration(end)}`,
    build.log ? `; log ${build.log}` : '',
  ].join('');
  const style = `left:${pct(build.startMs, span)};width:${pct(end - build.startMs, span)}`;
  const text = `${e(build.job)}${outcome?.cached ? ' (cached)' : ''}`;
  const attributes = `class="${e(classes.join(' '))}" style="${style}" title="${e(title)}"`;
  return build.log
    ? `<a ${attributes} href="${e(href(build.log))}">${text}</a>`
    : `<span ${attributes}>${text}</span>`;
}

/** Why a state that finished did not decide its change. */
function supersededNote(row: Row, result: PipelineResult): string {
  if (row.culprit !== undefined) return `not used: ${row.culprit} was rejected`;
  const verdict = result.changes.find((c) => c.id === row.change);
  // The batch strategy tests a batch, then the same state again once bisecting has settled what is ahead.
  return verdict && same(verdict.includes, row.state.includes) ? 'not used: tested again' : 'not used';
}

/** The time axis: about six ticks at round durations. */
function axis(span: number): string {
  const steps = [
    100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000,
    3_600_000,
  ];
  const step = steps.find((s) => span / s <= 8) ?? Math.ceil(span / 8 / 3_600_000) * 3_600_000;
  const ticks: string[] = [];
  for (let t = 0; t <= span; t += step) {
    ticks.push(`<span class="tick" style="left:${pct(t, span)}">${e(formatDuration(t))}</span>`);
  }
  return `<div class="row axis"><div class="label">time since the start</div><div class="track">${ticks.join('')}</div></div>`;
}

/** A position or width on the time axis, in percent. */
function pct(ms: number, span: number): string {
  const value = Math.min(100, Math.max(0, (ms / span) * 100));
  return `${Number(value.toFixed(3))}%`;
}

/** `log` relative to the page's directory, each segment percent-encoded: a link that works from `file://`. */
function logHref(log: string, htmlDir: string): string {
  const relative = path.relative(htmlDir, path.resolve(htmlDir, log));
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

const LEGEND = [
  '<p class="legend">',
  '<span class="bar r-SUCCESS">success</span>',
  '<span class="bar r-FAILURE">failure</span>',
  '<span class="bar r-ABORTED reset">aborted by a reset</span>',
  '<span class="bar r-SUCCESS cached">cached</span>',
  '<span class="bar r-SKIPPED">skipped</span>',
  '<span class="bar r-SUCCESS nonvoting">non-voting</span>',
  ' Hover a bar for its result, duration and log; click it to open the log.',
  '</p>',
].join('');

const STYLE = `
:root{--ok:#2e7d32;--bad:#c62828;--warn:#ef6c00;--muted:#6b7280;--line:#d1d5db;--bg:#fff;--fg:#111827;--panel:#f9fafb}
@media (prefers-color-scheme:dark){:root{--bg:#111827;--fg:#e5e7eb;--panel:#1f2937;--line:#374151;--muted:#9ca3af}}
*{box-sizing:border-box}
body{margin:0;padding:1rem 1.5rem;font:14px/1.4 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
code{font-family:ui-monospace,monospace;font-size:.9em}
.small{color:var(--muted);font-size:.85em}
.verdict.v-SUCCESS,.result.r-SUCCESS{color:var(--ok)}
.verdict.v-FAILURE,.result.r-FAILURE,.result.r-MERGE_CONFLICT,.result.r-DEPENDENCY_FAILED,.result.r-DEPENDENCY_CYCLE,.result.r-TIMED_OUT,.result.r-ERROR,.result.r-RETRY_LIMIT{color:var(--bad)}
.result{font-weight:600;font-size:.85em}.result.r-ABORTED,.result.r-SKIPPED{color:var(--muted)}
table.queue{border-collapse:collapse;width:100%}
.queue th,.queue td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
.change-id{font-weight:600;overflow-wrap:anywhere}
ul.jobs{list-style:none;margin:0;padding:0}
.tag{display:inline-block;border:1px solid var(--line);border-radius:3px;padding:0 .3em;font-size:.8em;color:var(--muted)}
.tag.reset{border-color:var(--warn);color:var(--warn)}.tag.cached{border-style:dotted}
.timeline{border:1px solid var(--line);background:var(--panel);padding:.25rem .5rem}
.row{display:flex;align-items:center;min-height:1.9rem;border-bottom:1px dashed var(--line)}
.row:last-child{border-bottom:0}
.row .label{flex:0 0 34%;padding-right:.5rem;overflow-wrap:anywhere;font-size:.9em}
.row .track{position:relative;flex:1;height:1.5rem}
.row.role-reset .label .state,.row.role-superseded .label .state{text-decoration:line-through;color:var(--muted)}
.axis .track{border-bottom:1px solid var(--line)}
.tick{position:absolute;top:0;font-size:.75em;color:var(--muted);border-left:1px solid var(--line);padding-left:2px;height:100%}
.bar{position:absolute;top:.15rem;height:1.2rem;min-width:4px;border-radius:3px;overflow:hidden;white-space:nowrap;font-size:.75em;line-height:1.2rem;padding:0 3px;color:#fff;text-decoration:none;background:var(--muted)}
.legend .bar{position:static;display:inline-block;margin-right:.5rem}
.bar.r-SUCCESS{background:var(--ok)}
.bar.r-FAILURE,.bar.r-TIMED_OUT,.bar.r-ERROR,.bar.r-RETRY_LIMIT{background:var(--bad)}
.bar.r-SKIPPED{background:transparent;color:var(--muted);border:1px dashed var(--muted)}
.bar.r-ABORTED,.bar.reset{background:repeating-linear-gradient(45deg,rgba(239,108,0,.4) 0 4px,transparent 4px 8px);color:var(--fg);text-decoration:line-through;border:1px solid var(--warn)}
.bar.cached{opacity:.75;outline:2px dotted var(--fg);outline-offset:-2px}
.bar.nonvoting{opacity:.6}
.reset-line{position:absolute;top:0;bottom:0;border-left:2px solid var(--warn)}
.decided{position:absolute;top:0;bottom:0;width:0;border-left:3px solid var(--ok)}
.decided:not(.r-SUCCESS){border-left-color:var(--bad)}
`.trim();
