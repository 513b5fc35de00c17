import fs from 'node:fs/promises';
import path from 'node:path';

/** How many runs' logs are kept; older ones are removed when a new run starts. */
export const KEPT_RUNS = 20;

/**
 * Creates the log directory of a new run under `<gitdir>/specgate/logs/` (named so that names sort by
 * time) and removes the oldest runs beyond {@link KEPT_RUNS}, so logs outlive the run but not forever.
 */
export async function createRunLogDir(args: { gitdir: string; now?: Date }): Promise<string> {
  const root = path.join(args.gitdir, 'specgate', 'logs');
  await fs.mkdir(root, { recursive: true });
  const stamp = (args.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace('.', '-');
  const dir = await fs.mkdtemp(path.join(root, `${stamp}-`));
  const runs = (await fs.readdir(root)).sort();
  await Promise.all(
    runs
      .slice(0, Math.max(0, runs.length - KEPT_RUNS))
      .map((run) => fs.rm(path.join(root, run), { recursive: true, force: true })),
  );
  return dir;
}
