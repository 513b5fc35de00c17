import { PassThrough } from 'node:stream';

import type { ChalkInstance } from 'chalk';
import {
  figures,
  Listr,
  ListrDefaultRendererLogLevels,
  ListrLogger,
  ProcessOutput,
  type ListrTask,
} from 'listr2';

import { homeCheckout, type SpeculativeState } from '../core/queue/speculative-state.js';
import type { ChangeVerdict, JobOutcome, QueuedChange } from '../core/types.js';
import { colorResult } from './color-result.js';
import { describeJobs } from './describe-jobs.js';
import { describeState } from './describe-state.js';
import { formatDuration } from './format-duration.js';
import { shortSha } from './short-sha.js';
import type { Progress, ProgressStream } from './types.js';
import { WidthFittedRenderer } from './width-fitted-renderer.js';

/**
 * listr2's default renderer, allowed to draw on any stream. listr2 falls back to its line renderer whenever
 * `process.stdout` is not a terminal, but specgate draws on `stderr`, which is often still a terminal when
 * stdout is redirected (`specgate gate a b > summary.txt`), and the caller has already decided that the
 * stream is interactive.
 */
class StreamRenderer extends WidthFittedRenderer {
  static override nonTTY = true;
}

type Context = Record<string, never>;
type Task = ListrTask<Context, typeof StreamRenderer>;
type TaskWrapper = Parameters<Task['task']>[1];

/** What the view knows about one job of the state being tested. */
interface JobLine {
  name: string;
  attempt: number;
  outcome?: JobOutcome;
}

/** What the view knows about one prepare step of the state being tested. */
interface PrepareLine {
  run: string;
  cached: boolean;
  /** `performance.now()` when it started, for the elapsed time shown while it runs. */
  startedAt: number;
  ended?: { ok: boolean; durationMs: number };
}

/** What the view knows about one change; events update it whether or not its task has started yet. */
interface ChangeView {
  change: QueuedChange;
  state?: { includes: string[]; sha: string };
  jobs: Map<string, JobLine>;
  /** The prepare steps of the state, by index: shown above its jobs. */
  prepare: Map<number, PrepareLine>;
  verdict?: ChangeVerdict;
  /** How many times a gate reset threw this change's state away. */
  resets?: number;
  task?: TaskWrapper;
  /** Resolves the change's task: on its verdict, or when the view is stopped before one. */
  settle: () => void;
  settled: Promise<void>;
}

const failedJob = new Set(['FAILURE', 'TIMED_OUT', 'ERROR', 'RETRY_LIMIT']);

/**
 * The live terminal view: a listr2 task list with one task per queued change (pulled-in dependencies
 * included), all running at once. A task's title shows the change and, once built, the state it is tested
 * on; while it runs, its output lists its jobs with their status. When the change's verdict arrives the
 * task ends: ✔ with the result and reason for an accepted change (job lines folded away), ✖ with the
 * result and reason for a rejected one (job lines kept, so that the failing job stays visible). A rejection
 * is a failed listr2 task under `exitOnError: false`, so the others keep running and nothing is thrown.
 *
 * The list is created by `queued`, which the workflow calls once; events for changes that were not queued
 * are not shown.
 */
export function createListrProgress({
  stream,
  colors,
}: {
  stream: ProgressStream;
  colors: ChalkInstance;
}): Progress {
  const views = new Map<string, ChangeView>();
  let targetRef = '';
  let run: Promise<unknown> | undefined;
  let stopping: Promise<void> | undefined;
  const warnings: string[] = [];

  const refresh = (view: ChangeView): void => {
    if (view.task === undefined || view.verdict !== undefined) return;
    view.task.title = runningTitle(view, targetRef, colors);
    view.task.output = [prepareLines(view, colors), jobLines(view, colors)].filter(Boolean).join('\n');
  };
  // A running prepare step's elapsed time ticks, as npm's and pnpm's progress lines do; nothing else
  // changes while `npm ci` runs for minutes.
  let ticker: NodeJS.Timeout | undefined;
  const tick = (): void => {
    let running = false;
    for (const view of views.values()) {
      if (![...view.prepare.values()].some((line) => line.ended === undefined)) continue;
      running = true;
      refresh(view);
    }
    if (!running && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };

  const start = (queue: QueuedChange[]): void => {
    const tasks: Task[] = [];
    for (const change of queue) {
      // A change queued twice is shown once.
      if (views.has(change.id)) continue;
      let settle = (): void => {};
      const settled = new Promise<void>((resolve) => {
        settle = resolve;
      });
      const view: ChangeView = { change, jobs: new Map(), prepare: new Map(), settle, settled };
      views.set(change.id, view);
      tasks.push({
        title: runningTitle(view, targetRef, colors),
        // Output stays after the task ends so that a rejected change keeps its failing job on screen;
        // accepted changes clear it themselves.
        rendererOptions: { persistentOutput: true, outputBar: 1 },
        task: async (_ctx, task) => {
          view.task = task;
          refresh(view);
          await view.settled;
          finish(view, task, targetRef, colors);
        },
      });
    }
    if (tasks.length === 0) return;

    const listr = new Listr<Context, typeof StreamRenderer, 'simple'>(tasks, {
      renderer: StreamRenderer,
      rendererOptions: {
        logger: new ListrLogger({
          useIcons: true,
          toStderr: [],
          // The renderer redraws `stream` and buffers anything else written to it meanwhile (printed once
          // the view stops). Its second stream is a sink: specgate writes nothing else while the view runs,
          // and hijacking `process.stdout` would garble a piped stdout.
          processOutput: new ProcessOutput(
            stream as NodeJS.WriteStream,
            new PassThrough() as unknown as NodeJS.WriteStream,
          ),
        }),
        clearOutput: false,
        collapseErrors: true,
        showErrorMessage: true,
        formatOutput: 'wrap',
        color: rendererColors(colors),
      },
      // Interactivity was decided by the caller from `stream`, not from `process.stdout`.
      fallbackRendererCondition: false,
      silentRendererCondition: false,
      concurrent: true,
      exitOnError: false,
      collectErrors: false,
      // listr2's own SIGINT handler calls `process.exit(127)`; specgate must kill its jobs, clean up and exit
      // 130, so Ctrl-C belongs to the command.
      registerSignalListeners: false,
    });
    // The view is cosmetic: a renderer failure must never fail the pipeline it reports on.
    run = listr.run().catch(() => undefined);
  };

  return {
    queued(queue: QueuedChange[], target: { ref: string; sha: string }): void {
      // One list per view: a second listr2 renderer on the same stream would fight the first for the screen.
      if (stopping !== undefined || run !== undefined) return;
      targetRef = target.ref;
      start(queue);
    },
    stateStarted(change: string, includes: string[], speculative: SpeculativeState): void {
      const view = views.get(change);
      if (view === undefined) return;
      view.state = { includes, sha: homeCheckout(speculative).sha };
      // A rebuilt state (gate reset) runs its jobs afresh.
      view.jobs = new Map();
      view.prepare = new Map();
      refresh(view);
    },
    stateReset(change: string): void {
      const view = views.get(change);
      if (view === undefined) return;
      // Zuul's status page shows a reset as the change going back to waiting for its new state.
      view.state = undefined;
      view.jobs = new Map();
      view.prepare = new Map();
      view.resets = (view.resets ?? 0) + 1;
      refresh(view);
    },
    prepareStarted(change: string, step: { run: string; index: number; cached: boolean }): void {
      const view = views.get(change);
      if (view === undefined) return;
      view.prepare.set(step.index, { run: step.run, cached: step.cached, startedAt: performance.now() });
      refresh(view);
      if (ticker === undefined && stopping === undefined) {
        ticker = setInterval(tick, 1000);
        // Never what keeps the process alive.
        ticker.unref();
      }
    },
    prepareFinished(
      change: string,
      step: { run: string; index: number; ok: boolean; cached: boolean; durationMs: number },
    ): void {
      const view = views.get(change);
      if (view === undefined) return;
      const line = view.prepare.get(step.index);
      view.prepare.set(step.index, {
        run: step.run,
        cached: step.cached,
        startedAt: line?.startedAt ?? performance.now() - step.durationMs,
        ended: { ok: step.ok, durationMs: step.durationMs },
      });
      refresh(view);
    },
    jobStarted(change: string, job: string, attempt: number): void {
      const view = views.get(change);
      if (view === undefined) return;
      view.jobs.set(job, { name: job, attempt });
      refresh(view);
    },
    jobFinished(change: string, outcome: JobOutcome): void {
      const view = views.get(change);
      if (view === undefined) return;
      // An abort reported after a gate reset belongs to the state that was thrown away, not the new one.
      if (outcome.result === 'ABORTED' && !view.jobs.has(outcome.name)) return;
      const line = view.jobs.get(outcome.name);
      view.jobs.set(outcome.name, {
        name: outcome.name,
        attempt: line?.attempt ?? outcome.attempts,
        outcome,
      });
      refresh(view);
    },
    changeFinished(verdict: ChangeVerdict): void {
      const view = views.get(verdict.id);
      if (view === undefined || view.verdict !== undefined) return;
      view.verdict = verdict;
      view.settle();
    },
    warning(message: string): void {
      warnings.push(message);
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        if (ticker !== undefined) clearInterval(ticker);
        ticker = undefined;
        for (const view of views.values()) view.settle();
        await run;
        // Printed under the finished view: written while it runs, they would be drawn over.
        for (const message of warnings) stream.write(`specgate: warning: ${message}\n`);
      })();
      return stopping;
    },
  };
}

/** Ends a change's task with its verdict; throwing is how listr2 marks a task failed (✖). */
function finish(view: ChangeView, task: TaskWrapper, targetRef: string, colors: ChalkInstance): void {
  const verdict = view.verdict;
  if (verdict === undefined) {
    const stopped = `${changeLabel(view.change, colors)}  ${colors.dim('stopped before a verdict')}`;
    // The title too, not only the skip message: listr2 redraws once between the two.
    task.title = stopped;
    // Its running jobs were stopped with it: none is still "running" on the screen the run leaves behind.
    task.output = jobLines(view, colors, { stopped: true });
    task.skip(stopped);
    return;
  }
  const state = describeState(targetRef, verdict.includes);
  const where = state === '-' ? '' : `  on ${state}`;
  const why = verdict.message || describeJobs(verdict.jobs);
  const title = `${changeLabel(view.change, colors)}  ${colorResult(colors, verdict.result)}${where}  ${colors.dim(`— ${why}`)}`;
  task.title = title;
  if (verdict.result === 'SUCCESS') {
    task.output = '';
    return;
  }
  // The verdict's own jobs are authoritative: they include jobs that never reported (skipped, not started).
  task.output = jobLines(
    {
      jobs: new Map(
        verdict.jobs.map((job) => [job.name, { name: job.name, attempt: job.attempts, outcome: job }]),
      ),
    },
    colors,
  );
  // listr2 shows the error's message in place of the title; it draws one frame in between, hence the title
  // set above.
  throw new Error(title);
}

function changeLabel(change: QueuedChange, colors: ChalkInstance): string {
  return change.pulledIn ? `${colors.bold(change.id)} ${colors.dim('(dependency)')}` : colors.bold(change.id);
}

function runningTitle(view: ChangeView, targetRef: string, colors: ChalkInstance): string {
  const label = changeLabel(view.change, colors);
  const resets = view.resets ? colors.yellow(`  reset ×${view.resets}`) : '';
  if (view.state === undefined) return `${label}  ${colors.dim('waiting')}${resets}`;
  return `${label}  on ${describeState(targetRef, view.state.includes)}  ${colors.dim(shortSha(view.state.sha))}${resets}`;
}

/**
 * One line per prepare step, as npm and pnpm show theirs: `❯ prepare: npm ci (cache miss) 4.2s` while it
 * runs (the time ticking), `✔ …` once done, `✖ … FAILURE` when it failed.
 */
function prepareLines(view: Pick<ChangeView, 'prepare'>, colors: ChalkInstance): string {
  return [...view.prepare.values()]
    .map((line) => {
      const what = `prepare: ${line.run.replace(/\s*\r?\n\s*/g, ' ')} ${colors.dim(line.cached ? '(cache hit)' : '(cache miss)')}`;
      const ended = line.ended;
      if (ended === undefined)
        return `${colors.yellow(figures.pointer)} ${what} ${colors.dim(formatDuration(performance.now() - line.startedAt))}`;
      if (ended.ok)
        return `${colors.green(figures.tick)} ${what} ${colors.dim(formatDuration(ended.durationMs))}`;
      return `${colors.red(figures.cross)} ${what} ${colorResult(colors, 'FAILURE')} ${colors.dim(formatDuration(ended.durationMs))}`;
    })
    .join('\n');
}

/** One line per job, aligned on the job name, e.g. `✔ build  SUCCESS 1.2s` or `❯ unit   running`. */
function jobLines(
  view: Pick<ChangeView, 'jobs'>,
  colors: ChalkInstance,
  options: { stopped?: boolean } = {},
): string {
  const jobs = [...view.jobs.values()];
  const width = Math.max(0, ...jobs.map((job) => job.name.length));
  return jobs
    .map((job) => {
      const name = job.name.padEnd(width);
      const outcome = job.outcome;
      if (outcome === undefined && options.stopped)
        return `${colors.dim(figures.arrowDown)} ${name}  ${colors.dim('stopped')}`;
      if (outcome === undefined) {
        const retry = job.attempt > 1 ? ` (attempt ${job.attempt})` : '';
        return `${colors.yellow(figures.pointer)} ${name}  ${colors.dim(`running${retry}`)}`;
      }
      const details: string[] = [];
      if (outcome.durationMs > 0 && outcome.result !== 'SKIPPED')
        details.push(formatDuration(outcome.durationMs));
      if (outcome.cached) details.push('cached');
      if (!outcome.voting) details.push('non-voting');
      if (outcome.message) details.push(outcome.message);
      if (failedJob.has(outcome.result) && outcome.log) details.push(`log: ${outcome.log}`);
      const suffix = details.length > 0 ? ` ${colors.dim(details.join(', '))}` : '';
      return `${jobMark(outcome, colors)} ${name}  ${colorResult(colors, outcome.result)}${suffix}`;
    })
    .join('\n');
}

function jobMark(outcome: JobOutcome, colors: ChalkInstance): string {
  if (outcome.result === 'SUCCESS') return colors.green(figures.tick);
  if (failedJob.has(outcome.result))
    return outcome.voting ? colors.red(figures.cross) : colors.yellow(figures.warning);
  return colors.dim(figures.arrowDown);
}

/** listr2 colours its icons with colorette, which judges `process.stdout`; use the stream's policy instead. */
function rendererColors(
  colors: ChalkInstance,
): Partial<Record<ListrDefaultRendererLogLevels, (message?: string) => string>> {
  const L = ListrDefaultRendererLogLevels;
  return {
    [L.SKIPPED_WITH_COLLAPSE]: colors.yellow,
    [L.SKIPPED_WITHOUT_COLLAPSE]: colors.yellow,
    [L.PENDING]: colors.yellow,
    [L.COMPLETED]: colors.green,
    [L.COMPLETED_WITH_FAILED_SUBTASKS]: colors.yellow,
    [L.COMPLETED_WITH_FAILED_SISTER_TASKS]: colors.red,
    [L.RETRY]: colors.yellowBright,
    [L.ROLLING_BACK]: colors.redBright,
    [L.ROLLED_BACK]: colors.redBright,
    [L.FAILED]: colors.red,
    [L.FAILED_WITH_FAILED_SUBTASKS]: colors.red,
    [L.WAITING]: colors.dim,
    [L.PAUSED]: colors.yellowBright,
  };
}
