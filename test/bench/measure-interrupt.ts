import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildRepository, type Fixture } from '../helpers/build-repository.js';

/** How fast a gate stops on Ctrl-C. */
export interface InterruptFigures {
  changes: number;
  running: number;
  /** Milliseconds from SIGINT to the process's exit, one per run. */
  exitMs: number[];
  /** Runs that did not exit 130, or never got ready. */
  errors: string[];
}

/** A main branch and `count` independent changes, each adding its own file. */
function manyChanges(count: number): Fixture {
  const start = { message: 'Start', files: { 'README.md': 'start\n' } };
  const branches: Fixture['branches'] = { main: { commits: [start] } };
  for (let i = 1; i <= count; i++) {
    const files = { [`file-${i}.txt`]: `${i}\n` };
    branches[`change-${i}`] = { from: 'main', commits: [{ message: `Add file ${i}`, files }] };
  }
  return { branches };
}

/** Runs `node bin args` in `cwd`, sends SIGINT once `ready(stderr)` holds; resolves with status and time. */
function interruptOnce(
  bin: string,
  args: string[],
  options: { cwd: string; tmp: string; ready: (stderr: string) => boolean; timeoutMs: number },
) {
  const { cwd, tmp, ready, timeoutMs } = options;
  return new Promise<{ status: number | null; exitMs?: number; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0', TMPDIR: tmp },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let sentAt: number | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (sentAt === undefined && ready(stderr)) {
        sentAt = performance.now();
        child.kill('SIGINT');
      }
    });
    child.on('close', (status) => {
      clearTimeout(guard);
      resolve({ status, exitMs: sentAt === undefined ? undefined : performance.now() - sentAt, stderr });
    });
  });
}

/**
 * Measures, `runs` times, how long `specgate gate` of 100 independent changes takes to exit after SIGINT
 * with every state built and 4 jobs (`sleep 600`) running, the rest waiting for `-j 4`: stopping the jobs
 * and removing 100 state directories. The e2e test checks that it exits 130 and leaves nothing; this is
 * how fast. Builds its repository under `scratch`.
 */
export async function measureInterrupt(args: {
  bin: string;
  scratch: string;
  runs: number;
  timeoutMs: number;
}): Promise<InterruptFigures> {
  const count = 100;
  const running = 4;
  const dir = path.join(args.scratch, 'interrupt-repo');
  await buildRepository(dir, manyChanges(count));
  const config = path.join(args.scratch, 'interrupt.yml');
  fs.writeFileSync(config, 'jobs:\n  slow:\n    run: sleep 600\n');
  const changes = Array.from({ length: count }, (_, i) => `change-${i + 1}`);
  const ready = (stderr: string) =>
    (stderr.match(/testing on/g) ?? []).length === count &&
    (stderr.match(/job slow started/g) ?? []).length === running;
  const exitMs: number[] = [];
  const errors: string[] = [];
  for (let run = 0; run < args.runs; run++) {
    const tmp = fs.mkdtempSync(path.join(args.scratch, 'interrupt-tmp-'));
    const gate = ['gate', ...changes, '-j', String(running), '--config', config];
    const result = await interruptOnce(args.bin, gate, { cwd: dir, tmp, ready, timeoutMs: args.timeoutMs });
    if (result.exitMs === undefined) {
      const tail = result.stderr.slice(-300);
      errors.push(`interrupt run ${run + 1}: never got ready (exit ${result.status}): ${tail}`);
    } else if (result.status !== 130) errors.push(`interrupt run ${run + 1}: exit ${result.status}, not 130`);
    else exitMs.push(result.exitMs);
    const left = fs.readdirSync(tmp);
    if (left.length > 0) errors.push(`interrupt run ${run + 1}: left ${left.join(', ')} in its TMPDIR`);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { changes: count, running, exitMs, errors };
}
