import fs from 'node:fs';
import path from 'node:path';

/**
 * The git directory of the repository containing `cwd`, found the cheap way (a `.git` directory, or a
 * `.git` file's `gitdir:` line, in `cwd` or a parent), for the places that must name it when the
 * repository could not be opened properly (a crash, a fault without a path). `undefined` outside one.
 */
export function findGitDir(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    try {
      if (fs.statSync(dotGit).isDirectory()) return dotGit;
      const line = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1];
      if (line) return path.resolve(dir, line.trim());
    } catch {
      // Not here: try the parent.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
