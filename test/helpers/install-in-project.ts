import fs from 'node:fs';
import path from 'node:path';
import { BIN } from './run-cli.js';

/**
 * Installs this checkout's specgate in the project at `dir` as `npm install -D` would — `node_modules/.bin/
 * specgate`, a symbolic link to `bin/run.js`, where the pre-push hook looks first — and keeps `node_modules/`
 * out of `git status` through `.git/info/exclude` (shared by the repository's linked worktrees).
 */
export function installInProject(dir: string): void {
  fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(BIN, path.join(dir, 'node_modules', '.bin', 'specgate'));
  fs.appendFileSync(path.join(dir, '.git', 'info', 'exclude'), 'node_modules/\n');
}
