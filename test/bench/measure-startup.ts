import path from 'node:path';
import { runMeasured, type MeasuredRun } from './run-measured.js';
import { summarizeRuns, type RunSummary } from './summarize-runs.js';

/** Start-up cost of specgate, whole-process, next to native git's. */
export interface StartupFigures {
  runs: number;
  /** `node bin/run.js --version`: oclif loads its config and manifest, no command. */
  version: RunSummary;
  /** `node bin/run.js --help`: the same plus the help renderer and every command's flags. */
  help: RunSummary;
  /** `git --version`: the floor a command-line tool is compared with. */
  git: RunSummary;
  /** Median specgate time over median git time. */
  ratio: { version: number; help: number };
  /** Problems: a run that failed or timed out. */
  errors: string[];
}

/**
 * Measures `node BIN --version`, `node BIN --help` and `git --version`, `runs` times each, interleaved
 * (the order rotates every round so warm caches and machine noise hit all three alike), each as a whole
 * process under GNU time, from `cwd` (default: the directory above `bin/`). Returns median and fastest
 * times with the ratios to git; a run that exits non-zero or times out is reported in `errors`.
 */
export async function measureStartup(args: {
  bin: string;
  runs: number;
  timeoutMs: number;
  cwd?: string;
  log?: (message: string) => void;
}): Promise<StartupFigures> {
  const cwd = args.cwd ?? path.dirname(path.dirname(args.bin));
  const subjects = [
    { name: 'version', command: process.execPath, args: [args.bin, '--version'] },
    { name: 'help', command: process.execPath, args: [args.bin, '--help'] },
    { name: 'git', command: 'git', args: ['--version'] },
  ] as const;
  const samples: Record<(typeof subjects)[number]['name'], MeasuredRun[]> = {
    version: [],
    help: [],
    git: [],
  };
  const errors: string[] = [];
  for (let run = 0; run < args.runs; run++) {
    for (let i = 0; i < subjects.length; i++) {
      const subject = subjects[(run + i) % subjects.length];
      const sample = await runMeasured({
        command: subject.command,
        args: [...subject.args],
        cwd,
        timeoutMs: args.timeoutMs,
      });
      samples[subject.name].push(sample);
      if (sample.timedOut) errors.push(`${subject.name} run ${run + 1} timed out after ${args.timeoutMs} ms`);
      else if (sample.status !== 0)
        errors.push(
          `${subject.name} run ${run + 1} exited ${sample.status}: ${sample.stderr.trim().split('\n')[0] ?? ''}`,
        );
      args.log?.(`startup run ${run + 1}/${args.runs}: ${subject.name} took ${sample.ms.toFixed(1)} ms`);
    }
  }
  const version = summarizeRuns(samples.version);
  const help = summarizeRuns(samples.help);
  const git = summarizeRuns(samples.git);
  return {
    runs: args.runs,
    version,
    help,
    git,
    ratio: { version: version.medianMs / git.medianMs, help: help.medianMs / git.medianMs },
    errors,
  };
}
