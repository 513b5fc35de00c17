import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One whole-process run: wall time, peak memory, and what it printed. */
export interface MeasuredRun {
  ms: number;
  /** "Maximum resident set size" from GNU time: the largest single process (the command or a child it waited for). */
  maxRssKb: number;
  status: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** Output beyond this is dropped (a diagnostic, not a result). */
const MAX_STDERR = 1 << 20;

/**
 * Runs `command args` as one process under `/usr/bin/time -v`, timing it from spawn to exit, and reads its
 * peak RSS from time's report (written to a file, so it never mixes with the command's stderr). The run
 * gets its own process group: on timeout, or when the benchmark is interrupted, the whole group is killed.
 */
export function runMeasured(spec: {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}): Promise<MeasuredRun> {
  const report = path.join(os.tmpdir(), `specgate-bench-time-${randomUUID()}.txt`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', '-o', report, spec.command, ...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const onInterrupt = (): void => {
      killGroup();
      process.exit(130);
    };
    process.once('SIGINT', onInterrupt);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, spec.timeoutMs);
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      process.off('SIGINT', onInterrupt);
      reject(error);
    });
    child.on('close', (status) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      process.off('SIGINT', onInterrupt);
      let maxRssKb = Number.NaN;
      try {
        const text = fs.readFileSync(report, 'utf8');
        maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? Number.NaN);
        fs.rmSync(report, { force: true });
      } catch {
        // time was killed before writing its report (a timeout).
      }
      resolve({ ms, maxRssKb, status, timedOut, stdout: Buffer.concat(stdout).toString('utf8'), stderr });
    });
  });
}
