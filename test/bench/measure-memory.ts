import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runGit } from './run-git.js';

const MiB = 1024 * 1024;

/** Memory figures, each measured in a process of its own. */
export interface MemoryFigures {
  /** Reading a commit, its tree and `blobs` blobs of 2 MiB out of a pack of `packMiB` MiB. */
  pack: { packMiB: number; blobs: number; grownMiB: number; peakGrownMiB: number };
  /** One job printing `outputMiB` MiB through runJobGraph into its log. */
  jobOutput: { outputMiB: number; logMiB: number; grownMiB: number; peakGrownMiB: number };
  /** What went wrong: wrong bytes read, a failed job, a probe that crashed. */
  errors: string[];
}

/** Runs a probe script (test/bench/measure-*-rss.ts) in a fresh node and returns its JSON line. */
function probe<T>(script: string, args: string[]): T {
  const file = path.join(import.meta.dirname, script);
  const out = execFileSync(process.execPath, ['--import', 'tsx', file, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * MiB,
  });
  return JSON.parse(out) as T;
}

/**
 * Measures what reading objects out of a large pack and streaming a job's large output cost in memory,
 * as RSS growth (at the end and at the peak) of a fresh process, so no other work's garbage moves it.
 * Builds its repository under `scratch`: 100 random (so neither compressed nor deltified) blobs of 2 MiB
 * in one pack. Checks the blobs read have git's bytes and that the job's log holds all its output.
 */
export function measureMemory(args: { scratch: string; log?: (message: string) => void }): MemoryFigures {
  const errors: string[] = [];
  const repo = path.join(args.scratch, 'memory-pack');
  fs.mkdirSync(repo, { recursive: true });
  runGit(repo, ['init', '-q', '-b', 'main']);
  const names = [0, 33, 66, 99].map((i) => `blob-${String(i).padStart(3, '0')}.bin`);
  const hashes: Record<string, string> = {};
  for (let i = 0; i < 100; i++) {
    const name = `blob-${String(i).padStart(3, '0')}.bin`;
    const content = crypto.randomBytes(2 * MiB);
    fs.writeFileSync(path.join(repo, name), content);
    if (names.includes(name)) hashes[name] = crypto.createHash('sha1').update(content).digest('hex');
  }
  runGit(repo, ['add', '-A']);
  runGit(repo, ['commit', '-q', '-m', 'random blobs']);
  runGit(repo, ['-c', 'pack.window=0', 'gc', '-q']);
  const packDir = path.join(repo, '.git', 'objects', 'pack');
  const packBytes = fs
    .readdirSync(packDir)
    .filter((name) => name.endsWith('.pack'))
    .reduce((sum, name) => sum + fs.statSync(path.join(packDir, name)).size, 0);
  const head = runGit(repo, ['rev-parse', 'HEAD']).stdout.trim();
  args.log?.(`memory: reading ${names.length} blobs from a ${(packBytes / MiB).toFixed(0)} MiB pack`);
  type ReadFigures = { grown: number; peakGrown: number; hashes: Record<string, string> };
  const read = probe<ReadFigures>('measure-read-rss.ts', [repo, head, ...names]);
  for (const name of names) {
    if (read.hashes[name] !== hashes[name]) {
      errors.push(`memory: ${name} read from the pack: sha1 ${read.hashes[name]}, git's ${hashes[name]}`);
    }
  }
  fs.rmSync(repo, { recursive: true, force: true });

  const output = 50 * MiB;
  const jobDir = path.join(args.scratch, 'memory-job');
  fs.mkdirSync(jobDir, { recursive: true });
  args.log?.(`memory: a job printing ${output / MiB} MiB`);
  type JobFigures = { grown: number; peakGrown: number; result: string; logBytes: number };
  const job = probe<JobFigures>('measure-job-output-rss.ts', [String(output), jobDir]);
  if (job.result !== 'SUCCESS') errors.push(`memory: the job printing ${output / MiB} MiB: ${job.result}`);
  if (job.logBytes <= output) {
    errors.push(`memory: the job's log holds ${job.logBytes} bytes of its ${output} bytes of output`);
  }
  fs.rmSync(jobDir, { recursive: true, force: true });

  return {
    pack: {
      packMiB: packBytes / MiB,
      blobs: names.length,
      grownMiB: read.grown / MiB,
      peakGrownMiB: read.peakGrown / MiB,
    },
    jobOutput: {
      outputMiB: output / MiB,
      logMiB: job.logBytes / MiB,
      grownMiB: job.grown / MiB,
      peakGrownMiB: job.peakGrown / MiB,
    },
    errors,
  };
}
