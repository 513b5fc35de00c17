import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { compareHistories } from '../../../src/git/compare-histories.js';
import type { GitContext } from '../../../src/git/git-context.js';

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
  const refs = execFileSync('git', ['for-each-ref', '--format=%(refname:short) %(objectname)'], { cwd: dir, encoding: 'utf8' });
  const byName = new Map(refs.trim().split('\n').map((line) => line.split(' ') as [string, string]));
  return parents.map((_, i) => byName.get(`c${i}`)!);
}

const gitLines = (dir: string, ...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  } catch {
    return []; // merge-base exits 1 when there is none
  }
};

describe('compareHistories (differential, against git merge-base and rev-list)', () => {
  it('gives git\'s merge bases and the commits only the tip has, on random histories', function () {
    // Hundreds of git processes: slow on a loaded machine, though never stuck.
    this.timeout(300_000);
    const dag = fc.integer({ min: 2, max: 40 }).chain((n) =>
      fc.tuple(
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 9 })), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: -30, max: 30 }), { minLength: n, maxLength: n }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 4, maxLength: 4 }),
      ),
    );
    return fc.assert(
      fc.asyncProperty(dag, async ([specs, skew, pairs]) => {
        // Commit 0 is a root; later ones have one parent, or two (a merge) for a tenth of them, or none rarely.
        const parents = specs.map(([a, b, kind], i) => {
          if (i === 0 || kind === 9) return [];
          return kind === 0 && i > 1 ? [...new Set([a % i, b % i])] : [a % i];
        });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-dag-'));
        try {
          const oids = buildDag(dir, parents, skew.map((s) => s * 10));
          const ctx: GitContext = { fs, dir, gitdir: path.join(dir, '.git'), objectsDir: path.join(dir, '.git', 'objects'), cache: {} };
          for (const [x, y] of pairs) {
            const [tip, target] = [oids[x % oids.length], oids[y % oids.length]];
            const result = await compareHistories(ctx, tip, target);
            expect([...result.mergeBases].sort()).to.deep.equal(gitLines(dir, 'merge-base', '--all', tip, target));
            expect(result.tipOnly.map((c) => c.oid).sort()).to.deep.equal(gitLines(dir, 'rev-list', tip, `^${target}`));
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });
});
