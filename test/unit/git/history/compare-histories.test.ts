import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { compareHistories } from '../../../../src/git/history/compare-histories.js';
import type { GitContext } from '../../../../src/git/git-context.js';
import { findMergeBases } from '../../../../src/git/history/find-merge-bases.js';
import { loadCommitGraph } from '../../../../src/git/object-database/load-commit-graph.js';
import { removeRedundant } from '../../../../src/git/history/remove-redundant.js';
import type { UserError } from '../../../../src/errors/specgate-error.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

/**
 * Builds a repository whose history is the given DAG with `git fast-import`: commit i has the listed
 * parents (indices of earlier commits) and a committer time that follows i, with clock skew of up to
 * three commits either way (so dates do not always follow ancestry).
 */
function buildDag(dir: string, parents: number[][], skew: number[]): string[] {
  execFileSync('git', ['init', '-q', dir]);
  let stream = '';
  parents.forEach((ps, i) => {
    const time = 1_700_000_000 + i * 100 + skew[i];
    stream += `commit refs/heads/c${i}\nmark :${i + 1}\ncommitter T <t@t> ${time} +0000\ndata ${String(i).length}\n${i}\n`;
    if (ps.length > 0) stream += `from :${ps[0] + 1}\n`;
    for (const p of ps.slice(1)) stream += `merge :${p + 1}\n`;
    stream += `M 644 inline f${i}\ndata 1\nx\n\n`;
  });
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream });
  const refs = execFileSync('git', ['for-each-ref', '--format=%(refname:short) %(objectname)'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const byName = new Map(
    refs
      .trim()
      .split('\n')
      .map((line) => line.split(' ') as [string, string]),
  );
  return parents.map((_, i) => byName.get(`c${i}`)!);
}

const gitLines = (dir: string, ...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  } catch {
    return []; // merge-base exits 1 when there is none
  }
};

/** git's output lines in its order (none when it exits 1). */
const gitOrder = (dir: string, ...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

/** How the repository is set up around the DAG before comparing: what git reads besides the commits. */
type Setup = (dir: string, oids: string[], pick: number[]) => void;

const git = (dir: string, args: string[], input?: string) =>
  execFileSync('git', args, { cwd: dir, input, encoding: 'utf8' });

/** Random histories, and four pairs of commits to compare in each; `setup` prepares the repository. */
function differential(
  setup: Setup,
  options: {
    numRuns: number;
    mergeKinds?: number;
    check?: (ctx: GitContext, dir: string, oids: string[]) => Promise<void>;
  },
) {
  const dag = fc.integer({ min: 2, max: 40 }).chain((n) =>
    fc.tuple(
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 9 })), {
        minLength: n,
        maxLength: n,
      }),
      fc.array(fc.integer({ min: -30, max: 30 }), { minLength: n, maxLength: n }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 4, maxLength: 4 }),
      fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    ),
  );
  return fc.assert(
    fc.asyncProperty(dag, async ([specs, skew, pairs, pick]) => {
      // Commit 0 is a root; later ones have one parent, or two (a merge) for a tenth of them (or as many
      // tenths as `mergeKinds` says: criss-cross histories), or none rarely.
      const parents = specs.map(([a, b, kind], i) => {
        if (i === 0 || kind === 9) return [];
        return kind < (options.mergeKinds ?? 1) && i > 1 ? [...new Set([a % i, b % i])] : [a % i];
      });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-dag-'));
      try {
        const oids = buildDag(
          dir,
          parents,
          skew.map((s) => s * 10),
        );
        setup(dir, oids, pick);
        const ctx: GitContext = openGitContext({
          fs,
          dir,
          gitdir: path.join(dir, '.git'),
          objectsDir: path.join(dir, '.git', 'objects'),
        });
        for (const [x, y] of pairs) {
          const [tip, target] = [oids[x % oids.length], oids[y % oids.length]];
          const expected = gitLines(dir, 'merge-base', '--all', tip, target);
          const result = await compareHistories(ctx, tip, target).catch((error: { code?: string }) => {
            // Only a shallow clone's boundary hides a merge base, and only where git finds none either.
            expect(error.code).to.equal('SHALLOW_BOUNDARY');
            expect(expected).to.deep.equal([]);
            return undefined;
          });
          if (!result) continue;
          expect([...result.mergeBases].sort()).to.deep.equal(expected);
          // And in git's order (newest first, ties as git's walk found them), which merge-ort merges them in.
          expect(result.mergeBases, `order of the merge bases of ${tip} and ${target}`).to.deep.equal(
            gitOrder(dir, 'merge-base', '--all', tip, target),
          );
          expect(
            [...(await findMergeBases(openGitContext({ ...ctx }), target, tip))].sort(),
            'the other way round, walked afresh',
          ).to.deep.equal(expected);
          expect(result.tipOnly.map((c) => c.oid).sort()).to.deep.equal(
            gitLines(dir, 'rev-list', tip, `^${target}`),
          );
        }
        const dates = new Map(oids.map((oid, i) => [oid, i * 100 + skew[i] * 10]));
        for (const [k, [x, y]] of pairs.entries()) {
          // Several tips at once: the virtual merge base of `ones` against `two`, which git's `merge-base
          // --all TWO ONE...` computes (the bases of TWO and a hypothetical merge of the others).
          const ones = [
            ...new Set(
              [x, y, x * 7 + y * 3 + k, y * 5 + k]
                .slice(0, 2 + (pick[k] % 3))
                .map((p) => oids[p % oids.length]),
            ),
          ];
          const two = oids[(x * 3 + y + k + pick[4]) % oids.length];
          const expected = gitOrder(dir, 'merge-base', '--all', two, ...ones);
          const bases = await findMergeBases(openGitContext({ ...ctx }), ones, two).catch(
            (error: { code?: string }) => {
              expect(error.code).to.equal('SHALLOW_BOUNDARY');
              expect(expected).to.deep.equal([]);
              return undefined;
            },
          );
          if (bases) {
            const what = `merge bases of ${two} and the merge of ${ones.join(', ')}`;
            expect([...bases].sort(), what).to.deep.equal([...expected].sort());
            // git's walk for this question is another (from TWO against the others): only the date order is the same.
            expect(
              bases.map((oid) => dates.get(oid)),
              `${what}: newest first`,
            ).to.deep.equal(expected.map((oid) => dates.get(oid)));
          }
          // remove_redundant itself, against `merge-base --independent` (git's reduce_heads), order included.
          const heads = [...new Set([x, y, x + y + k, x * y + pick[5]].map((p) => oids[p % oids.length]))];
          expect(
            await removeRedundant(openGitContext({ ...ctx }), heads),
            `independent of ${heads.join(', ')}`,
          ).to.deep.equal(gitOrder(dir, 'merge-base', '--independent', ...heads));
        }
        await options.check?.(ctx, dir, oids);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: options.numRuns },
  );
}

describe('compareHistories (differential, against git merge-base and rev-list)', () => {
  // Hundreds of git processes per property: slow on a loaded machine, though never stuck.
  it("gives git's merge bases and the commits only the tip has, on random histories", function () {
    this.timeout(300_000);
    return differential(() => undefined, { numRuns: 60 });
  });

  it('gives the same answers from a commit-graph (corrected commit dates), reading no commit it holds', function () {
    this.timeout(300_000);
    return differential((dir) => git(dir, ['commit-graph', 'write', '--reachable']), {
      numRuns: 40,
      mergeKinds: 4,
      check: async (ctx, dir, oids) => {
        const graph = loadCommitGraph(ctx)!;
        expect(graph.correctedDates).to.equal(true);
        for (const oid of oids) {
          const commit = graph.lookup(oid)!;
          expect(commit.parents.join(' '), oid).to.equal(git(dir, ['show', '-s', '--format=%P', oid]).trim());
          expect(commit.tree).to.equal(git(dir, ['show', '-s', '--format=%T', oid]).trim());
          expect(commit.committerTime).to.equal(Number(git(dir, ['show', '-s', '--format=%ct', oid]).trim()));
        }
      },
    });
  });

  it('gives the same answers from a split commit-graph chain with newer commits outside it, and from topological levels', function () {
    this.timeout(300_000);
    return differential(
      (dir, oids, pick) => {
        // Two layers over the first commits, with generation data or without; the rest are outside the graph.
        const version = pick[0] % 2 === 0 ? '2' : '1';
        const first = oids.slice(0, 1 + (pick[1] % oids.length));
        const second = oids.slice(0, 1 + Math.max(first.length - 1, pick[2] % oids.length));
        for (const some of [first, second]) {
          const ancestry = git(dir, ['rev-list', ...some]);
          git(
            dir,
            [
              '-c',
              `commitGraph.generationVersion=${version}`,
              'commit-graph',
              'write',
              '--split=no-merge',
              '--stdin-commits',
            ],
            ancestry,
          );
        }
      },
      { numRuns: 30, mergeKinds: 3 },
    );
  });

  it('honours a shallow boundary as git does: boundary commits have no parents', function () {
    this.timeout(300_000);
    return differential(
      (dir, oids, pick) => {
        // Also with a commit-graph, which git then ignores.
        git(dir, ['commit-graph', 'write', '--reachable']);
        const shallow = [...new Set(pick.slice(0, 1 + (pick[0] % 5)).map((p) => oids[p % oids.length]))];
        fs.writeFileSync(path.join(dir, '.git', 'shallow'), shallow.map((oid) => `${oid}\n`).join(''));
      },
      { numRuns: 40 },
    );
  });

  it("names the change's fix when the merge base is beyond the shallow boundary", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-dag-'));
    try {
      // 0 - 1 - 2 (target), 1 - 3 (tip); with 1 and 2 shallow, the tip's walk stops at 1 before meeting 2.
      const oids = buildDag(dir, [[], [0], [1], [1]], [0, 0, 0, 0]);
      fs.writeFileSync(path.join(dir, '.git', 'shallow'), `${oids[2]}\n`);
      const ctx: GitContext = openGitContext({
        fs,
        dir,
        gitdir: path.join(dir, '.git'),
        objectsDir: path.join(dir, '.git', 'objects'),
      });
      const error = await compareHistories(ctx, oids[3], oids[2]).then(
        () => undefined,
        (caught: UserError) => caught,
      );
      expect(error?.code).to.equal('SHALLOW_BOUNDARY');
      expect(error?.message)
        .to.contain(oids[3].slice(0, 12))
        .and.contain('git fetch --deepen')
        .and.contain('fetch-depth: 0');
      expect(error?.message).to.not.contain('\n');
      // Inside the boundary all is well.
      const deeper: GitContext = openGitContext({ ...ctx });
      fs.writeFileSync(path.join(dir, '.git', 'shallow'), `${oids[1]}\n`);
      expect((await compareHistories(deeper, oids[3], oids[2])).mergeBases).to.deep.equal([oids[1]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
