/**
 * `npm run bench`: whole-process benchmarks of specgate against native git, side by side.
 *
 * Generates (once; cached under .bench/ by a hash of the parameters) a repository of 20,000 files six
 * levels deep with 1,000 commits on main and a queue of 50 mergeable changes, copies it for this run, then
 * measures, interleaved with their native references:
 *   - `specgate plan CHANGES --json --no-cache` (every merge computed) vs a bash loop of `git merge-tree --write-tree` + `git commit-tree`;
 *   - `specgate checkout CHANGES --dir DIR` vs `git worktree add --detach DIR <native top state>`;
 *   - a fully cached re-run of `specgate gate` of 20 changes against `specgate plan` of the same queue;
 *   - `specgate gate` of 8 changes with a 2 s job and the 4th failing, speculative and batch strategies
 *     against one change at a time (`--window 1`), in job-times;
 *   - start-up: `specgate --version` and `--help` against `git --version`;
 *   - Ctrl-C: how long a gate of 100 changes with 4 jobs running takes to exit after SIGINT;
 *   - updateState of a 5,000-file state directory to a tree 20 files apart, against a fresh checkout;
 *   - memory: RSS growth of readObject reading a few blobs of a 200 MiB pack, and of runJobGraph streaming
 *     a job's 50 MiB of output into its log, each in a fresh process;
 * with peak RSS from /usr/bin/time, and checks that specgate's states have native git's trees.
 *
 * Exit status: 0 when it measured (targets met or not: it is a report); 1 on a mismatch with native git,
 * an error or a timeout; 2 on bad flags.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildBenchRepository } from './build-bench-repository.js';
import { measureCheckout } from './measure-checkout.js';
import { measureGateStrategies } from './measure-gate-strategies.js';
import { measureInterrupt } from './measure-interrupt.js';
import { measureMemory } from './measure-memory.js';
import { measureStartup } from './measure-startup.js';
import { measureUpdateState } from './measure-update-state.js';
import { measureCachedGate } from './measure-cached-gate.js';
import { measurePlan } from './measure-plan.js';
import { parseBenchOptions, USAGE, type BenchOptions } from './parse-bench-options.js';
import { renderReport } from './render-report.js';
import { renderStrategies } from './render-strategies.js';
import { summarizeRuns } from './summarize-runs.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'run.js');

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2), ROOT);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
for (const needed of ['/usr/bin/time', path.join(ROOT, 'dist', 'commands', 'plan.js')]) {
  if (!fs.existsSync(needed)) {
    process.stderr.write(
      `bench: ${needed} is missing${needed.includes('dist') ? ' (run npm run build)' : ' (install GNU time)'}\n`,
    );
    process.exit(1);
  }
}

const started = performance.now();
const generated = buildBenchRepository({
  cacheRoot: options.cacheDir,
  files: options.files,
  commits: options.commits,
  changes: options.changes,
  seed: options.seed,
  log,
});
log(
  generated.reused
    ? `reusing ${generated.dir}`
    : `generated ${generated.dir} in ${(generated.meta.generatedMs / 1000).toFixed(1)} s`,
);

// specgate writes objects and refs into the repository it plans; each run works on its own copy.
fs.mkdirSync(options.cacheDir, { recursive: true });
const scratch = fs.mkdtempSync(path.join(options.cacheDir, 'run-'));
const repo = path.join(scratch, 'repo');
const copy = spawnSync('cp', ['-a', generated.dir, repo], { stdio: 'inherit' });
if (copy.status !== 0) throw new Error(`could not copy ${generated.dir} to ${repo}`);
// Flush the copy's writeback now rather than during the first timed run.
spawnSync('sync');

let exitCode = 0;
try {
  const changes = generated.meta.changes;
  const common = { repo, bin: BIN, changes, runs: options.runs, timeoutMs: options.timeoutMs, scratch, log };
  log(`measuring plan of ${changes.length} changes, ${options.runs} run(s) each`);
  const plan = await measurePlan(common);
  log(`measuring checkout of the top state, ${options.runs} run(s) each`);
  const checkout = await measureCheckout({
    ...common,
    topSha: plan.topSha,
    topTree: plan.topTree,
    keep: options.keep,
  });

  const mismatches = [...plan.mismatches, ...checkout.mismatches];
  const errors = [...plan.errors, ...checkout.errors];
  const timedOut = [plan.specgate, plan.git, checkout.specgate, checkout.git].some((runs) =>
    runs.some((run) => run.timedOut),
  );
  const checkedPlans = plan.specgate.filter((run) => !run.timedOut).length;
  const correctness =
    mismatches.length > 0
      ? ['!!!!!!!!!! MISMATCH with native git !!!!!!!!!!', ...mismatches.map((text) => `MISMATCH: ${text}`)]
      : [
          checkedPlans > 0
            ? `correctness: every state of all ${checkedPlans} plan run(s) has native git's tree (top tree ${plan.topTree}); checkout directories are clean checkouts of it`
            : 'correctness: NOT CHECKED (no plan run finished)',
        ];
  process.stdout.write(
    renderReport({
      meta: generated.meta,
      runs: options.runs,
      timeoutMs: options.timeoutMs,
      rows: [
        {
          measurement: `plan (${changes.length} changes) vs merge-tree loop`,
          specgate: summarizeRuns(plan.specgate),
          git: summarizeRuns(plan.git),
          target: 2.0,
        },
        {
          measurement: 'checkout (top state) vs worktree add',
          specgate: summarizeRuns(checkout.specgate),
          git: summarizeRuns(checkout.git),
          target: 1.5,
        },
      ],
      correctness: [
        ...correctness,
        ...errors.map((text) => `ERROR: ${text}`),
        ...(timedOut ? [`ERROR: a process timed out (limit ${options.timeoutMs / 1000} s)`] : []),
      ],
    }),
  );
  if (mismatches.length > 0)
    process.stderr.write('bench: MISMATCH: specgate disagrees with native git (see above)\n');
  if (mismatches.length > 0 || errors.length > 0 || timedOut) exitCode = 1;
  if (options.keep) log(`kept: ${[repo, ...checkout.kept].join(', ')}`);

  const queued = changes.slice(0, 20);
  log(
    `measuring a fully cached re-run of a ${queued.length}-change gate against plan, ${options.runs} run(s) each`,
  );
  const cached = await measureCachedGate({ ...common, changes: queued });
  const cachedGate = summarizeRuns(cached.gate);
  const cachedPlan = summarizeRuns(cached.plan);
  const cachedRatio = cachedGate.medianMs / cachedPlan.medianMs;
  const seconds = (run: { medianMs: number; minMs: number }) =>
    `${(run.medianMs / 1000).toFixed(3)} s (${(run.minMs / 1000).toFixed(3)})`;
  process.stdout.write(
    [
      '',
      `fully cached re-run of a ${queued.length}-change gate, 3 jobs a state, every job served from refs/notes/specgate (median (min) of ${cachedGate.count}; filling run ${(cached.fillMs / 1000).toFixed(1)} s)`,
      `specgate gate (cached)      ${seconds(cachedGate).padEnd(22)}peak RSS ${Math.round(cachedGate.peakRssKb / 1024)} MiB   target < 0.5 s: ${cachedGate.medianMs < 500 ? 'met' : 'NOT MET'}`,
      `specgate plan (reference)   ${seconds(cachedPlan).padEnd(22)}peak RSS ${Math.round(cachedPlan.peakRssKb / 1024)} MiB`,
      `ratio ${cachedRatio.toFixed(2)}× plan   target ≤ 1.2×: ${cachedRatio <= 1.2 ? 'met' : 'NOT MET'}`,
      ...cached.errors.map((error) => `ERROR: ${error}`),
      '',
    ].join('\n'),
  );
  if (cached.errors.length > 0) exitCode = 1;

  log('measuring gate strategies: 8 changes, a 2 s job, the 4th failing, -j 8');
  const strategies = await measureGateStrategies({ bin: BIN, timeoutMs: options.timeoutMs });
  process.stdout.write(renderStrategies(strategies));
  if (new Set(strategies.map((figure) => figure.verdicts)).size !== 1) {
    process.stderr.write('bench: MISMATCH: the gate strategies disagree on the verdicts\n');
    exitCode = 1;
  }
  log('measuring start-up: specgate --version and --help against git --version');
  const startup = await measureStartup({
    bin: BIN,
    runs: Math.max(options.runs, 10),
    timeoutMs: options.timeoutMs,
  });
  const line = (label: string, run: { medianMs: number; minMs: number }, ratio?: number) =>
    `${label.padEnd(28)}${`${run.medianMs.toFixed(1)} ms (${run.minMs.toFixed(1)})`.padEnd(22)}${ratio === undefined ? '' : `${ratio.toFixed(1)}× git`}`;
  process.stdout.write(
    [
      '',
      `start-up, whole process (median (min) of ${startup.runs})`,
      line('specgate --version', startup.version, startup.ratio.version),
      line('specgate --help', startup.help, startup.ratio.help),
      line('git --version', startup.git),
      ...startup.errors.map((error) => `ERROR: ${error}`),
      '',
    ].join('\n'),
  );
  if (startup.errors.length > 0) exitCode = 1;

  log('measuring Ctrl-C: a gate of 100 changes with 4 jobs running, SIGINT until exit');
  const interrupt = await measureInterrupt({
    bin: BIN,
    scratch,
    runs: options.runs,
    timeoutMs: options.timeoutMs,
  });
  const sorted = [...interrupt.exitMs].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
  process.stdout.write(
    [
      '',
      `Ctrl-C of a gate of ${interrupt.changes} changes, every state built, ${interrupt.running} jobs running ` +
        `(median (min) of ${sorted.length})`,
      `SIGINT to exit 130            ${`${median.toFixed(0)} ms (${(sorted[0] ?? NaN).toFixed(0)})`.padEnd(22)}` +
        `target < 3 s: ${median < 3000 ? 'met' : 'NOT MET'}`,
      ...interrupt.errors.map((error) => `ERROR: ${error}`),
      '',
    ].join('\n'),
  );
  if (interrupt.errors.length > 0) exitCode = 1;

  log('measuring updateState: a state directory of 5,000 files moved to a tree 20 files apart');
  const update = await measureUpdateState({ scratch, runs: options.runs });
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  process.stdout.write(
    [
      '',
      `updateState, ${update.files} files of which 20 differ, in-process (median of ${update.runs})`,
      `A→B ${ms(update.forwardMs)}, B→A ${ms(update.backMs)}, no change ${ms(update.noopMs)}; ` +
        `a fresh materializeState of B ${ms(update.freshMs)}`,
      ...update.errors.map((error) => `ERROR: ${error}`),
      '',
    ].join('\n'),
  );
  if (update.errors.length > 0) exitCode = 1;

  log(
    'measuring memory: objects read out of a 200 MiB pack, and a job printing 50 MiB, each in a fresh process',
  );
  const memory = measureMemory({ scratch, log });
  const mib = (value: number) => `${value.toFixed(1)} MiB`;
  process.stdout.write(
    [
      '',
      'memory, RSS growth of a fresh process (at the end; at the peak)',
      `readObject: commit, tree and ${memory.pack.blobs} blobs of 2 MiB from a ${memory.pack.packMiB.toFixed(0)} MiB pack   ` +
        `${mib(memory.pack.grownMiB)}; peak ${mib(memory.pack.peakGrownMiB)}   target peak < 50 MiB: ${memory.pack.peakGrownMiB < 50 ? 'met' : 'NOT MET'}`,
      `runJobGraph: a job printing ${memory.jobOutput.outputMiB} MiB into its log (${mib(memory.jobOutput.logMiB)})   ` +
        `${mib(memory.jobOutput.grownMiB)}; peak ${mib(memory.jobOutput.peakGrownMiB)}   ` +
        `target < ${memory.jobOutput.outputMiB / 5} MiB: ${memory.jobOutput.grownMiB < memory.jobOutput.outputMiB / 5 ? 'met' : 'NOT MET'}`,
      ...memory.errors.map((error) => `ERROR: ${error}`),
      '',
    ].join('\n'),
  );
  if (memory.errors.length > 0) exitCode = 1;
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  if (!options.keep) fs.rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
