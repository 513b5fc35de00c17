/**
 * Replays a repository's real merge commits: merges each one's two parents with specgate's own merge
 * path and with `git merge-tree --write-tree`, and prints how often they agree. A development tool (git
 * is the oracle here, so native git is required).
 *
 *   npm run replay -- REPO_DIR [--limit N] [--skip N] [--rev REV] [--min-bases K] [--timeout-ms MS] [--slowest N] [--json]
 *
 * The merges are the two-parent merge commits reachable from REV (default HEAD), newest first: the
 * first N (default 1000) after skipping `--skip` of them; with `--min-bases K`, the first N of those
 * whose parents have at least K merge bases (criss-cross histories).
 *
 * Exit status: 0 when specgate never wrote a tree git would not write nor missed a conflict git reports
 * (refusals, timeouts and errors are misses, printed but not failures), 1 otherwise, 2 for bad input.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { classifyReplay, WRONG_OUTCOMES } from './replay/classify-replay.js';
import { countOutcomes, formatReplaySummary, type ReplayRecord } from './replay/format-replay-summary.js';
import { mergeWithGit } from './replay/merge-with-git.js';
import { MergeWorker } from './replay/merge-worker-pool.js';

const usage =
  'usage: npm run replay -- REPO_DIR [--limit N] [--skip N] [--rev REV] [--min-bases K] [--timeout-ms MS] [--slowest N] [--json]';

function fail(message: string): never {
  process.stderr.write(`replay: ${message}\n${usage}\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        limit: { type: 'string', default: '1000' },
        skip: { type: 'string', default: '0' },
        rev: { type: 'string', default: 'HEAD' },
        'min-bases': { type: 'string', default: '0' },
        'timeout-ms': { type: 'string', default: '30000' },
        slowest: { type: 'string', default: '10' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) fail('give exactly one REPO_DIR');
  const dir = path.resolve(positionals[0]);
  const number = (name: string, value: string) => {
    if (!/^\d+$/.test(value) || Number(value) === 0)
      fail(`--${name} must be a positive integer, not '${value}'`);
    return Number(value);
  };
  const limit = number('limit', values.limit);
  const skip = values.skip === '0' ? 0 : number('skip', values.skip);
  const timeoutMs = number('timeout-ms', values['timeout-ms']);
  const slowest = number('slowest', values.slowest);
  const minBases = values['min-bases'] === '0' ? 0 : number('min-bases', values['min-bases']);
  if (!fs.existsSync(dir)) fail(`no such directory: ${dir}`);

  let merges: string[][];
  try {
    const listed = execFileSync(
      'git',
      [
        'rev-list',
        '--parents',
        '--min-parents=2',
        '--max-parents=2',
        ...(minBases > 0 ? [] : [`--max-count=${limit}`]),
        `--skip=${skip}`,
        values.rev,
        '--',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    merges = listed
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' '));
  } catch (error) {
    fail(
      `cannot list the merge commits of ${values.rev} in ${dir}: ${
        String((error as { stderr?: string }).stderr ?? error)
          .trim()
          .split('\n')[0]
      }`,
    );
  }

  const worker = new MergeWorker(dir);
  const records: ReplayRecord[] = [];
  try {
    for (const [merge, ours, theirs] of merges) {
      if (records.length >= limit) break;
      const bases = countMergeBases(dir, ours, theirs);
      if (bases < minBases) continue;
      const git = mergeWithGit({ dir, ours, theirs, timeoutMs });
      const specgate = await worker.merge({ ours, theirs, timeoutMs });
      const outcome = classifyReplay({ git, specgate });
      const detail =
        'error' in git
          ? `git: ${git.error}`
          : 'timeout' in specgate
            ? `over ${timeoutMs} ms`
            : 'error' in specgate
              ? specgate.error
              : specgate.result.clean
                ? undefined
                : `${specgate.result.conflicts[0]?.reason}: ${specgate.result.conflicts[0]?.path}${specgate.result.conflicts.length > 1 ? ` (+${specgate.result.conflicts.length - 1})` : ''}`;
      records.push({
        merge,
        parents: [ours, theirs],
        bases,
        outcome,
        gitMs: git.ms,
        specgateMs: 'ms' in specgate ? specgate.ms : timeoutMs,
        detail,
      });
      if (records.length % 50 === 0)
        process.stderr.write(`replay: ${records.length}/${minBases > 0 ? limit : merges.length}\n`);
    }
  } finally {
    worker.close();
  }

  if (values.json) {
    const { total, byBases } = countOutcomes(records);
    process.stdout.write(
      `${JSON.stringify({ repo: dir, total, byBases: Object.fromEntries(byBases), records }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(formatReplaySummary({ repo: dir, records, slowest }));
  }
  return records.some((r) => WRONG_OUTCOMES.has(r.outcome)) ? 1 : 0;
}

/** How many merge bases git finds; none (exit 1) for unrelated histories. */
function countMergeBases(dir: string, ours: string, theirs: string): number {
  const run = spawnSync('git', ['merge-base', '--all', ours, theirs], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`git merge-base failed: ${run.stderr.trim()}`);
  return run.stdout.split('\n').filter(Boolean).length;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`replay: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(3);
  },
);
