import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, type CliRun } from './run-cli.js';

/** The unprivileged user the tests run specgate as (`.ci/run` creates it). */
export const TEST_USER = 'specgate-ci';

const PROJECT = path.join(import.meta.dirname, '..', '..');
let bin: string | undefined;

/**
 * Prepares running the built specgate as `TEST_USER`: creates the user when missing (as root), and, when
 * the user cannot read this checkout (under /root, say), hard-links (else copies) the built program into
 * a world-readable temporary directory. Returns the reason when it cannot be done here.
 */
export function prepareTestUser(): { reason?: string } {
  if (process.getuid?.() !== 0) return { reason: 'running as another user needs root' };
  if (spawnSync('id', [TEST_USER]).status !== 0) {
    const made = spawnSync('useradd', ['-m', TEST_USER], { encoding: 'utf8' });
    if (made.status !== 0) return { reason: `cannot create user ${TEST_USER}: ${made.stderr.trim()}` };
  }
  if (spawnSync('runuser', ['-u', TEST_USER, '--', process.execPath, '--version']).status !== 0) {
    return { reason: `${TEST_USER} cannot run ${process.execPath}` };
  }
  bin = programForOtherUsers(['runuser', '-u', TEST_USER, '--']);
  return {};
}

let readableCopy: string | undefined;

/**
 * The path of a built specgate that another user can run: this checkout's `bin/run.js` when `asUser`
 * (a command prefix, such as `runuser -u USER --`) can start it, else a world-readable copy made once
 * (hard links where possible) in a temporary directory, removed when the tests end. A checkout under
 * /root or in a `mktemp -d` directory is readable by root alone.
 */
export function programForOtherUsers(asUser: string[]): string {
  const [command, ...args] = asUser;
  if (spawnSync(command, [...args, process.execPath, BIN, '--version']).status === 0) return BIN;
  if (readableCopy === undefined) {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-program-'));
    fs.chmodSync(copy, 0o755);
    for (const name of ['bin', 'dist', 'node_modules', 'package.json', 'oclif.manifest.json']) {
      const from = path.join(PROJECT, name);
      try {
        execFileSync('cp', ['-al', from, copy], { stdio: 'ignore' });
      } catch {
        execFileSync('cp', ['-a', from, copy], { stdio: 'ignore' });
      }
    }
    execFileSync('chmod', ['-R', 'a+rX', copy]);
    process.on('exit', () => fs.rmSync(copy, { recursive: true, force: true }));
    readableCopy = copy;
  }
  return path.join(readableCopy, 'bin', 'run.js');
}

/** Runs specgate as `TEST_USER` (after `prepareTestUser`), as CI would: no terminal, no colour. */
export function runCliAsUser(args: string[], options: { cwd: string }): CliRun {
  const run = spawnSync(
    'runuser',
    ['-u', TEST_USER, '--', 'env', 'CI=true', 'FORCE_COLOR=0', `HOME=/tmp`, process.execPath, bin!, ...args],
    {
      cwd: options.cwd,
      encoding: 'utf8',
    },
  );
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}
