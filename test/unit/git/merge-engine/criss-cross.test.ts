import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { GitContext } from '../../../../src/git/git-context.js';
import { mergeBaseTree } from '../../../../src/git/merge-engine/merge-base-tree.js';
import { findMergeBases } from '../../../../src/git/history/find-merge-bases.js';
import { mergeTrees } from '../../../../src/git/merge-engine/merge-trees.js';
import { readCommit } from '../../../../src/git/object-database/read-commit.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

/** One path of a generated tree: text lines (maybe executable), a symlink, a binary file or a submodule. */
type Entry =
  | { kind: 'text'; lines: string[]; executable: boolean }
  | { kind: 'link'; target: string }
  | { kind: 'binary'; bytes: string }
  | { kind: 'gitlink'; commit: string };
type Files = Map<string, Entry>;

const TEXTS = ['a.txt', 'b.txt', 'dir/c.txt', 'dir/d.txt', 'e.txt', 'dir/f.txt', 'g.txt', 'h.txt'];
const PATHS = [...TEXTS, 'new1.txt', 'new2.txt', 'link', 'blob.bin', 'sub'];

/**
 * Random histories rich in criss-cross merges, written with one `git fast-import`: commits whose trees
 * are edits of a parent's (the recorded result of a merge is just an edited parent, so merge bases
 * disagree with each other in every way: content, modify/delete, add/add, modes, symlinks, binaries,
 * submodules). `shape` 'bases' makes k independent commits and two merges of all of them (exactly k merge
 * bases); 'tangle' lets a few long-lived branches merge into each other at random (nested criss-crosses).
 */
class HistoryWriter {
  private stream = '';
  private mark = 0;
  readonly trees = new Map<number, Files>();
  constructor(private readonly pick: (n: number) => number) {}

  commit(parents: number[], files: Files): number {
    this.mark += 1;
    const m = this.mark;
    this.stream += `commit refs/heads/b${m}\nmark :${m}\ncommitter T <t@t> ${1_700_000_000 + m * 60} +0000\ndata 2\nc\n`;
    if (parents[0]) this.stream += `from :${parents[0]}\n`;
    for (const p of parents.slice(1)) this.stream += `merge :${p}\n`;
    this.stream += 'deleteall\n';
    for (const [name, entry] of files) {
      if (entry.kind === 'gitlink') {
        this.stream += `M 160000 ${entry.commit} ${name}\n`;
        continue;
      }
      const data =
        entry.kind === 'text'
          ? `${entry.lines.join('\n')}\n`
          : entry.kind === 'link'
            ? entry.target
            : entry.bytes;
      const mode =
        entry.kind === 'link' ? '120000' : entry.kind === 'text' && entry.executable ? '100755' : '100644';
      this.stream += `M ${mode} inline ${name}\ndata ${Buffer.byteLength(data, 'latin1')}\n${data}\n`;
    }
    this.trees.set(m, files);
    return m;
  }

  edit(files: Files, who: string, edits: number): Files {
    const copy: Files = new Map(
      [...files].map(([k, v]) => [k, v.kind === 'text' ? { ...v, lines: [...v.lines] } : v]),
    );
    for (let k = 0; k < edits; k += 1) {
      const name = PATHS[this.pick(PATHS.length)];
      const entry = copy.get(name);
      const roll = this.pick(20);
      if (!entry) {
        if (roll < 8)
          copy.set(
            name,
            name === 'link'
              ? { kind: 'link', target: `t-${who}` }
              : { kind: 'text', lines: [`added ${roll % 3}`, 'x', 'y'], executable: false },
          );
        continue;
      }
      if (roll === 0) copy.delete(name);
      else if (entry.kind === 'text') {
        const at = this.pick(entry.lines.length + 1);
        if (roll === 1) entry.executable = !entry.executable;
        else if (roll < 8) entry.lines.splice(at, 0, `${who}`);
        else if (roll < 12 && entry.lines.length > 2)
          entry.lines.splice(Math.min(at, entry.lines.length - 1), 1);
        else entry.lines[Math.min(at, entry.lines.length - 1)] = `line ${who}`;
      } else if (entry.kind === 'link') copy.set(name, { kind: 'link', target: `t-${who}` });
      else if (entry.kind === 'binary') copy.set(name, { kind: 'binary', bytes: `\0bin ${who}\n` });
      else copy.set(name, { kind: 'gitlink', commit: gitlinkCommit(roll) });
    }
    return copy;
  }

  write(dir: string): void {
    execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: this.stream });
  }

  /** The commit id of a mark. */
  static resolve(dir: string, marks: number[]): string[] {
    return execFileSync('git', ['rev-parse', ...marks.map((m) => `b${m}`)], { cwd: dir, encoding: 'utf8' })
      .trim()
      .split('\n');
  }
}

function gitlinkCommit(n: number): string {
  return `${((n % 9) + 1).toString().repeat(40)}`;
}

function root(): Files {
  const lines = (f: string) => Array.from({ length: 12 }, (_, l) => `${f} line ${l}`);
  return new Map<string, Entry>([
    ...TEXTS.map((name): [string, Entry] => [name, { kind: 'text', lines: lines(name), executable: false }]),
    ['link', { kind: 'link', target: 'a.txt' }],
    ['blob.bin', { kind: 'binary', bytes: '\0binary\n' }],
    ['sub', { kind: 'gitlink', commit: gitlinkCommit(1) }],
  ]);
}

/** Builds one history; returns the pairs of commits (ours, theirs) to merge. */
function generate(dir: string, seed: number, shape: 'bases' | 'tangle'): [string, string][] {
  execFileSync('git', ['init', '-q', dir]);
  const random = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { numRuns: 5_000, seed });
  let n = 0;
  const pick = (k: number) => random[n++ % random.length] % k;
  const h = new HistoryWriter(pick);
  const pairs: [number, number][] = [];
  const start = h.commit([], root());
  if (shape === 'bases') {
    const k = [2, 3, 5, 8][Math.floor(seed / 2) % 4];
    const bases = Array.from({ length: k }, (_, i) =>
      h.commit([start], h.edit(h.trees.get(start)!, `base${i}`, 1 + pick(3))),
    );
    const tip = (name: string) => {
      const merge = h.commit(bases, h.edit(h.trees.get(bases[pick(k)])!, `${name}m`, pick(2)));
      return h.commit([merge], h.edit(h.trees.get(merge)!, name, pick(3)));
    };
    pairs.push([tip('ours'), tip('theirs')]);
  } else {
    const heads = [start, start, start];
    for (let step = 0; step < 40; step += 1) {
      const i = pick(3);
      const j = (i + 1 + pick(2)) % 3;
      const [hi, hj] = [heads[i], heads[j]];
      if (hi !== hj && pick(3) === 0) {
        // A cross: each branch merges the other's current head (as maint and master do).
        heads[i] = h.commit([hi, hj], h.edit(h.trees.get(hi)!, `x${step}`, pick(2)));
        heads[j] = h.commit([hj, hi], h.edit(h.trees.get(hj)!, `y${step}`, pick(2)));
        if (step > 12) pairs.push([heads[i], heads[j]]);
        continue;
      } else {
        heads[i] = h.commit([hi], h.edit(h.trees.get(hi)!, `s${step}`, 1 + pick(2)));
      }
      if (step > 12 && step % 4 === 0 && heads[i] !== heads[j]) pairs.push([heads[i], heads[j]]);
    }
  }
  h.write(dir);
  const ids = HistoryWriter.resolve(dir, pairs.flat());
  return pairs.map((_, i) => [ids[2 * i], ids[2 * i + 1]]);
}

describe('criss-cross merges against git merge-tree', () => {
  it("gives git's tree or git's conflict on generated histories with 2 to 6+ merge bases", async function () {
    this.timeout(600_000);
    const byBases = new Map<number, { agreed: number; refused: number }>();
    let cleanAgreed = 0;
    let conflictsAgreed = 0;
    let refused = 0;
    for (let seed = 0; seed < 48; seed += 1) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-criss-cross-'));
      try {
        const pairs = generate(dir, seed, seed % 2 === 0 ? 'bases' : 'tangle');
        // Half of the histories with a commit-graph: the walks are then in generation order, through
        // merge-ort's chain of virtual commits, as git's are.
        if (seed % 4 < 2) execFileSync('git', ['commit-graph', 'write', '--reachable'], { cwd: dir });
        const ctx: GitContext = openGitContext({
          fs,
          dir,
          gitdir: path.join(dir, '.git'),
          objectsDir: path.join(dir, '.git', 'objects'),
        });
        for (const [ours, theirs] of pairs) {
          const gitBases = execFileSync('git', ['merge-base', '--all', ours, theirs], {
            cwd: dir,
            encoding: 'utf8',
          })
            .trim()
            .split('\n');
          const count = gitBases.length;
          // The merge bases, and their order (which decides the order they are merged in), as git's.
          expect(
            await findMergeBases(ctx, ours, theirs),
            `merge bases of ${ours} and ${theirs}`,
          ).to.deep.equal(gitBases);
          if (count < 2) continue;
          const native = spawnSync('git', ['merge-tree', '--write-tree', ours, theirs], {
            cwd: dir,
            encoding: 'utf8',
          });
          expect(native.status === 0 || native.status === 1, native.stderr).to.equal(true);
          const base = await mergeBaseTree(ctx, theirs, ours);
          const result = base.conflict
            ? ({ clean: false } as const)
            : await mergeTrees({
                ctx,
                base: base.tree,
                ours: (await readCommit(ctx, ours)).tree,
                theirs: (await readCommit(ctx, theirs)).tree,
              });
          const tally = byBases.get(count) ?? { agreed: 0, refused: 0 };
          byBases.set(count, tally);
          const what = `seed ${seed}: merge of ${ours} and ${theirs} (${count} merge bases)`;
          if (native.status === 0) {
            if (result.clean) {
              expect(result.treeOid, what).to.equal(native.stdout.trim());
              cleanAgreed += 1;
              tally.agreed += 1;
            } else {
              refused += 1;
              tally.refused += 1;
            }
          } else {
            expect(result.clean, `${what}: git conflicts`).to.equal(false);
            conflictsAgreed += 1;
            tally.agreed += 1;
          }
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const counts = [...byBases]
      .sort(([a], [b]) => a - b)
      .map(([k, t]) => `${k} bases: ${t.agreed} agreed, ${t.refused} refused`);
    console.log(
      `      ${cleanAgreed} clean and ${conflictsAgreed} conflicting merges as git; ${refused} refused where git is clean`,
    );
    console.log(`      ${counts.join('; ')}`);
    // Both outcomes and several base counts must be exercised, or the test proves little.
    expect(cleanAgreed).to.be.greaterThan(10);
    expect(conflictsAgreed).to.be.greaterThan(10);
    expect(byBases.size).to.be.greaterThan(3);
    expect(refused, 'merges git makes cleanly that specgate refuses').to.equal(0);
  });
});
