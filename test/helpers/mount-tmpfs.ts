import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const mounted: string[] = [];

/**
 * Mounts a fresh tmpfs of `megabytes` on a new directory and returns it, or the reason it cannot be done
 * here (not root, no mount permission in this container). Unmounted when the test process exits.
 */
export function mountTmpfs(megabytes: number): { dir: string } | { reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'mounting a tmpfs needs root' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    fs.rmdirSync(dir);
    return {
      reason: `cannot mount a tmpfs here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`,
    };
  }
  mounted.push(dir);
  return { dir };
}

process.on('exit', () => {
  for (const dir of mounted) {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      fs.rmdirSync(dir);
    } catch {
      // Left for the machine's own cleanup.
    }
  }
});
