import { expect } from 'chai';
import fc from 'fast-check';
import { similarityScore } from '../../../../src/git/merge-engine/similarity-score.js';
import { compareMerge, type MergeComparison } from './helpers/compare-merge.js';
import { createSandbox, type Sandbox } from './helpers/sandbox.js';
import { file, type TreeSpec } from './helpers/tree-spec.js';

type Trees = { base: TreeSpec; ours: TreeSpec; theirs: TreeSpec };

/** The contract: a clean result is git's tree, and where git conflicts specgate conflicts. */
async function merge(sandbox: Sandbox, trees: Trees): Promise<MergeComparison> {
  const result = await compareMerge(sandbox, trees);
  if (result.ours.clean) {
    expect(result.git.clean, `git conflicts:\n${result.git.output}`).to.equal(true);
    expect(result.ours.treeOid, 'the tree git writes').to.equal(result.git.tree);
  } else if (result.git.clean) {
    expect(result.ours.conflicts.map((c) => c.reason)).to.satisfy((reasons: string[]) =>
      reasons.every((r) => r === 'rename'),
    );
  }
  return result;
}

const body = (name: string, count: number, width = 12) =>
  Array.from({ length: count }, (_, i) => `${name} ${i} ${'x'.repeat(width + (i % 7))}\n`);

/**
 * A file renamed on our side (to `to`) with its first `rewritten` lines replaced, while their side
 * edits its last line in place: git follows the rename (a clean merge) exactly when the two files are
 * 50% similar by its measure; otherwise it reports modify/delete. With the basename kept and a more
 * similar `rival` added, the renamed file wins when 75% similar (git's basename pass), the rival if not.
 */
function renameCase(to: string, rewritten: number, width: number, rival?: string): Trees & { score: number } {
  const lines = body('line', 40, width);
  const rewrite = (count: number) =>
    lines.map((line, i) => (i < count ? `rewritten ${i} ${'y'.repeat(width)}\n` : line));
  const renamed = rewrite(rewritten);
  const edited = lines.map((line, i) => (i === lines.length - 1 ? `edited ${line}` : line));
  const score = similarityScore({
    source: Buffer.from(lines.join('')),
    target: Buffer.from(renamed.join('')),
    minimumScore: 0,
  }).low;
  return {
    score,
    base: { 'src/lib/module.txt': file(lines.join('')), 'keep.txt': file('k\n') },
    // A rival: a new file more similar than the renamed one, which wins unless the basename pass pairs first.
    ours: {
      [to]: file(renamed.join('')),
      'keep.txt': file('k\n'),
      ...(rival ? { [rival]: file(rewrite(Math.max(rewritten - 2, 0)).join('')) } : {}),
    },
    theirs: { 'src/lib/module.txt': file(edited.join('')), 'keep.txt': file('k\n') },
  };
}

describe('renames as merge-ort finds them', function () {
  this.timeout(300_000);
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox.remove());

  for (const [label, to, threshold, rival] of [
    ['a new name (50%)', 'moved/elsewhere.txt', 30000, undefined],
    ['the same basename against a closer rival (75%)', 'moved/module.txt', 45000, 'other/rival.txt'],
  ] as const) {
    it(`follows a rename to ${label} exactly where git does, however close to the threshold`, async () => {
      const sides = { above: 0, below: 0 };
      let nearest = Infinity;
      for (const width of [3, 9, 20, 41]) {
        for (let rewritten = 0; rewritten <= 40; rewritten++) {
          const trees = renameCase(to, rewritten, width, rival);
          // Only the cases around the threshold tell anything.
          if (Math.abs(trees.score - threshold) > 4000) continue;
          nearest = Math.min(nearest, Math.abs(trees.score - threshold));
          const { ours, git } = await merge(sandbox, trees);
          expect(ours.clean, `score ${trees.score}: git ${git.clean ? 'merges' : 'conflicts'}`).to.equal(
            git.clean,
          );
          if (!rival) expect(git.clean).to.equal(trees.score >= threshold);
          sides[trees.score >= threshold ? 'above' : 'below']++;
        }
      }
      // The sweep must cross git's threshold, and come within git's old 0.5% band of it.
      expect(sides.above).to.be.greaterThan(2);
      expect(sides.below).to.be.greaterThan(2);
      expect(nearest).to.be.below(300);
    });
  }

  it('merges a large symmetric restructure as git does: hundreds of renames a side, identical files among them', async () => {
    // Like ember.js 3d578978: both sides moved a whole package tree (with the same, partly edited,
    // renames), one side edited many files besides; templates are identical in many directories.
    const base: TreeSpec = {};
    const ours: TreeSpec = {};
    const theirs: TreeSpec = {};
    for (let d = 0; d < 25; d++) {
      for (let f = 0; f < 10; f++) {
        const lines = body(`pkg${d} file${f}`, 30);
        const from = `packages/pkg${d}/lib/file${f}.js`;
        const to = `packages/@scope/pkg${d}/lib/${f % 3 === 0 ? `renamed${f}` : `file${f}`}.js`;
        base[from] = file(lines.join(''));
        const moved = f % 2 === 0 ? lines : lines.map((line, i) => (i === 0 ? `// moved\n${line}` : line));
        ours[to] = file(moved.join(''));
        theirs[to] = file(moved.join(''));
        if (f % 4 === 1)
          theirs[to] = file(moved.map((line, i) => (i === 20 ? `changed ${line}` : line)).join(''));
      }
      const template = `<div>{{yield}}</div>\n<!-- template -->\n`;
      base[`packages/pkg${d}/templates/component.hbs`] = file(template);
      ours[`packages/@scope/pkg${d}/templates/component.hbs`] = file(template);
      theirs[`packages/@scope/pkg${d}/templates/component.hbs`] = file(template);
    }
    // Ours also moved a few files on, theirs edited others in place of the old layout's successor.
    ours['packages/@scope/pkg0/lib/file1.js'] = file(body('pkg0 file1', 30).join('') + 'ours\n');
    const { ours: result, git } = await merge(sandbox, { base, ours, theirs });
    expect(git.clean).to.equal(true);
    expect(result).to.deep.equal({ clean: true, treeOid: git.tree });
  });

  it('agrees with git merge-tree on generated restructures', async () => {
    const stats = { clean: 0, conflict: 0, refused: 0 };
    const restructure = fc.record({
      files: fc.integer({ min: 3, max: 14 }),
      moves: fc.array(fc.tuple(fc.nat(13), fc.constantFrom('a', 'b', 'c/d'), fc.boolean(), fc.nat(30)), {
        maxLength: 12,
      }),
      edits: fc.array(
        fc.tuple(fc.constantFrom<'ours' | 'theirs'>('ours', 'theirs'), fc.nat(13), fc.nat(29)),
        { maxLength: 10 },
      ),
      duplicates: fc.nat(3),
      theirsMoves: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(restructure, async ({ files, moves, edits, duplicates, theirsMoves }) => {
        const base: TreeSpec = {};
        const contents = new Map<string, string[]>();
        for (let i = 0; i < files; i++) {
          // A few files share content (and some a basename), as boilerplate does.
          const lines = i < duplicates ? body('shared', 12) : body(`f${i}`, 8 + (i % 5) * 6);
          const path = `${i % 2 ? 'x' : 'y'}/${i % 3 ? `n${i}` : 'index'}.txt`;
          if (contents.has(path)) continue;
          base[path] = file(lines.join(''));
          contents.set(path, lines);
        }
        const paths = [...contents.keys()];
        const ours: TreeSpec = { ...base };
        const theirs: TreeSpec = { ...base };
        for (const [which, n, line] of edits) {
          const path = paths[n % paths.length];
          const side = which === 'ours' ? ours : theirs;
          if (!side[path]) continue;
          const lines = [...contents.get(path)!];
          lines[line % lines.length] = `${which} edit ${line}\n`;
          side[path] = file(lines.join(''));
        }
        for (const [n, dir, keepName, rewrite] of moves) {
          const path = paths[n % paths.length];
          for (const side of theirsMoves && n % 2 ? [ours, theirs] : [ours]) {
            const entry = side[path];
            if (!entry || entry.kind !== 'file') continue;
            const lines = String(entry.content).split(/(?<=\n)/);
            const rewritten = lines.map((l, i) => (i < rewrite % (lines.length + 1) ? `new ${i}\n` : l));
            const to = `${dir}/${keepName ? path.slice(path.lastIndexOf('/') + 1) : `m${n}.txt`}`;
            if (side[to]) continue;
            delete side[path];
            side[to] = file(rewritten.join(''));
          }
        }
        const { ours: result, git } = await merge(sandbox, { base, ours, theirs });
        if (!git.clean) stats.conflict++;
        else if (result.clean) stats.clean++;
        else stats.refused++;
      }),
      { numRuns: Number(process.env.SPECGATE_MERGE_RUNS ?? 150), seed: 11 },
    );
    console.log(
      `      generated restructures: ${stats.clean} clean, ${stats.conflict} conflicting, ${stats.refused} refused (git clean)`,
    );
    expect(stats.clean).to.be.greaterThan(stats.refused * 4);
  });
});
