import { spawn } from 'node:child_process';
import path from 'node:path';

/** The outcome of one `specgate` process. */
export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'run.js');

/**
 * Runs the real `bin/run.js` as a separate process, as a user or CI would, and collects its output.
 * By default it runs as CI does (CI=true, no terminal, no colour) so output is plain.
 */
export function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; onSpawn?: (pid: number) => void },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, CI: 'true', NO_COLOR: '', FORCE_COLOR: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    if (child.pid) options.onSpawn?.(child.pid);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}
