import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A gitdir on disk holding two prepared workspaces (old, new), a merge memo and one run's logs. */
export function cacheDirs(): { gitdir: string; old: string; recent: string; log: string; merges: string } {
  const gitdir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-caches-'));
  const prepare = path.join(gitdir, 'specgate', 'cache', 'prepare');
  const entry = (key: string, when: Date) => {
    const dir = path.join(prepare, key.repeat(64));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'blob'), 'x'.repeat(1000));
    fs.writeFileSync(path.join(dir, '.complete'), '');
    for (const file of ['blob', '.complete']) fs.utimesSync(path.join(dir, file), when, when);
    return dir;
  };
  const old = entry('a', new Date('2020-01-01T00:00:00Z'));
  const recent = entry('b', new Date('2020-01-03T00:00:00Z'));
  const merges = path.join(gitdir, 'specgate', 'cache', 'merges');
  fs.writeFileSync(merges, 'm'.repeat(100));
  const log = path.join(gitdir, 'specgate', 'logs', 'run-1');
  fs.mkdirSync(log, { recursive: true });
  fs.writeFileSync(path.join(log, 'job.log'), 'l'.repeat(10));
  return { gitdir, old, recent, log, merges };
}
