import { expect } from 'chai';
import fc from 'fast-check';
import { mergeTrees } from '../../../../src/git/merge-engine/merge-trees.js';
import { compareMerge, type MergeComparison } from './helpers/compare-merge.js';
import { importTrees } from './helpers/import-trees.js';
import { createSandbox, type Sandbox } from './helpers/sandbox.js';
import { file, type TreeSpec } from './helpers/tree-spec.js';

type Trees = { base: TreeSpec; ours: TreeSpec; theirs: TreeSpec };

/** The contract: a clean result is git's tree, and where git conflicts specgate conflicts. */
async function merge(sandbox: Sandbox, trees: Trees): Promise<MergeComparison> {
  const result = await compareMerge(sandbox, trees);
  if (result.ours.clean) {
    expect(result.git.clean, `git conflicts:\n${result.git.output}`).to.equal(true);
    expect(result.ours.treeOid, 'the tree git writes').to.equal(result.git.tree);
  }
  return result;
}

/** Distinct, clearly dissimilar contents (eight lines each: one line edited keeps a file 75% similar). */
const lines = (name: string) =>
  Array.from({ length: 8 }, (_, i) => `${name} line ${i} ${'content of '.repeat(2)}${name}\n`);
const content = (name: string) => file(lines(name).join(''));
const files = (...paths: string[]): TreeSpec => Object.fromEntries(paths.map((p) => [p, content(p)]));
/** The same files, moved: `from/x` becomes `to/x` for each `[from, to]`. */
const moved = (spec: TreeSpec, ...moves: [string, string][]): TreeSpec =>
  Object.fromEntries(
    Object.entries(spec).map(([path, entry]) => {
      const move = moves.find(([from]) => path.startsWith(`${from}/`));
      return [move ? `${move[1]}${path.slice(move[0].length)}` : path, entry];
    }),
  );

/**
 * Base files `paths`; each side is the base with `moves` applied (path → new path, or null: deleted)
 * and the files listed under '+' added.
 */
function scenario(paths: string[], ours: Moves, theirs: Moves): Trees {
  const base = files(...paths);
  const side = (moves: Moves, tag: string): TreeSpec => {
    const spec: TreeSpec = {};
    for (const [path, entry] of Object.entries(base)) {
      const to = path in moves ? (moves as Record<string, string | null>)[path] : path;
      if (to) spec[to] = entry;
    }
    for (const path of moves['+'] ?? []) spec[path] = file(`${tag} added ${path}\n`);
    return spec;
  };
  return { base, ours: side(ours, 'ours'), theirs: side(theirs, 'theirs') };
}

type Moves = { [path: string]: string | null | string[] | undefined; '+'?: string[] };

describe('directory renames as merge-ort handles them', function () {
  this.timeout(300_000);
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox.remove());

  // Scenarios after git's t6423-merge-rename-directories.sh, with git 2.39's default
  // merge.directoryRenames=conflict: a moved path is still a conflict.
  const cases: { name: string; trees: Trees; gitClean: boolean; specgateClean?: boolean; at?: string }[] = [
    {
      name: '1a: a directory renamed on one side, a file added to it on the other: moved, and a conflict',
      trees: scenario(['z/b', 'z/c'], { 'z/b': 'y/b', 'z/c': 'y/c' }, { '+': ['z/d'] }),
      gitClean: false,
      at: 'y/d',
    },
    {
      name: '1a reversed: the rename on their side',
      trees: scenario(['z/b', 'z/c'], { '+': ['z/d'] }, { 'z/b': 'y/b', 'z/c': 'y/c' }),
      gitClean: false,
      at: 'y/d',
    },
    {
      name: '1c: a file renamed into a directory the other side renamed: a conflict',
      trees: scenario(['z/b', 'z/c', 'x/d'], { 'z/b': 'y/b', 'z/c': 'y/c' }, { 'x/d': 'z/d' }),
      gitClean: false,
      at: 'y/d',
    },
    {
      name: '1e: renamed within the directory on one side, the directory renamed on the other: a conflict',
      trees: scenario(
        ['z/oldb', 'z/oldc'],
        { 'z/oldb': 'y/oldb', 'z/oldc': 'y/oldc' },
        { 'z/oldb': 'z/newb', 'z/oldc': 'z/newc', '+': ['z/e'] },
      ),
      gitClean: false,
    },
    {
      name: '1f: a directory split with a majority: the new file follows the majority, a conflict',
      trees: scenario(
        ['z/b', 'z/c', 'z/d', 'z/e', 'z/f'],
        { 'z/b': 'y/b', 'z/c': 'y/c', 'z/d': 'x/d', 'z/e': 'x/e', 'z/f': 'x/f' },
        { '+': ['z/g'] },
      ),
      gitClean: false,
      at: 'x/g',
    },
    {
      name: '2a: a directory split in two with no majority: "directory rename split"',
      trees: scenario(['z/b', 'z/c'], { 'z/b': 'y/b', 'z/c': 'w/c' }, { '+': ['z/d'] }),
      gitClean: false,
    },
    {
      name: 'no majority where nothing would land there (a subdirectory of the directory added to): still a split conflict',
      trees: scenario(['a/z/b', 'a/z/c', 'k/k'], { 'a/z/b': 'y/b', 'a/z/c': 'w/c' }, { '+': ['a/new'] }),
      gitClean: false,
    },
    {
      name: 'a directory deleted (not renamed) on one side, a file added to it on the other: clean',
      trees: scenario(['z/b', 'z/c', 'other/x'], { 'z/b': null, 'z/c': null }, { '+': ['z/d'] }),
      gitClean: true,
      specgateClean: true,
    },
    {
      name: 'a subdirectory mostly renamed one way, the other side added beside it: moved, a conflict',
      trees: scenario(
        ['z/b', 'z/c', 'z/sub/e', 'z/sub/f', 'z/sub/g'],
        { 'z/b': 'y/b', 'z/c': 'y/c', 'z/sub/e': 'y/sub/e', 'z/sub/f': 'y/sub/f', 'z/sub/g': 'q/g' },
        { '+': ['z/new'] },
      ),
      gitClean: false,
    },
    {
      name: 'a majority rename of a subdirectory of a directory the other side added to, where nothing lands: clean',
      trees: scenario(
        ['a/z/b', 'a/z/c', 'a/z/d', 'keep/k'],
        { 'a/z/b': 'y/b', 'a/z/c': 'y/c', 'a/z/d': 'w/d' },
        { '+': ['a/new'] },
      ),
      gitClean: true,
      specgateClean: true,
    },
    {
      name: 'files renamed out of a directory the renaming side still has: no directory rename, clean',
      trees: scenario(
        ['z/b', 'z/c', 'keep/k'],
        { 'z/b': 'y/b', 'z/c': 'y/c', '+': ['z/sub/q'] },
        { '+': ['keep/new', 'z/r'] },
      ),
      gitClean: true,
      specgateClean: true,
    },
    {
      name: '5a-like: two directories merged into one, the other side adding the same name to both: a collision conflict',
      trees: scenario(['w/a', 'x/b'], { 'w/a': 'z/a', 'x/b': 'z/b' }, { '+': ['w/new', 'x/new'] }),
      gitClean: false,
    },
    {
      name: '6b-like: the same directory renamed the same way on both sides, one side adding to it: clean',
      trees: scenario(
        ['z/b', 'z/c'],
        { 'z/b': 'y/b', 'z/c': 'y/c' },
        { 'z/b': 'y/b', 'z/c': 'y/c', '+': ['y/e'] },
      ),
      gitClean: true,
      specgateClean: true,
    },
    {
      name: '7a-like: a directory renamed differently on both sides: a conflict',
      trees: scenario(['z/b', 'z/c'], { 'z/b': 'y/b', 'z/c': 'y/c' }, { 'z/b': 'w/b', 'z/c': 'w/c' }),
      gitClean: false,
    },
    {
      name: '9-like: directories renamed into each other on both sides (transitive): a conflict',
      trees: scenario(
        ['a/p', 'a/q', 'c/r', 'c/s'],
        { 'a/p': 'c/p', 'a/q': 'c/q' },
        { 'c/r': 'd/r', 'c/s': 'd/s', '+': ['a/new'] },
      ),
      gitClean: false,
    },
    {
      name: 'a rename out of a directory the other side added to, into a directory of its own: a conflict',
      trees: scenario(['z/b', 'z/c', 'x/d'], { 'x/d': 'y/d' }, { '+': ['x/e'] }),
      gitClean: false,
    },
    {
      name: 'an empty file added to a renamed directory is moved too: a conflict',
      trees: {
        ...scenario(['z/b', 'z/c'], { 'z/b': 'y/b', 'z/c': 'y/c' }, {}),
        theirs: { ...files('z/b', 'z/c'), 'z/empty': file('') },
      },
      gitClean: false,
      at: 'y/empty',
    },
    {
      name: 'no majority deep below a directory the other side added to, with renames specgate cannot pair exactly: a conflict',
      trees: {
        base: { ...files('t/f1', 't/s/u/g0', 't/s/u/g1'), 'dup/a': file('same\n'), 'dup/b': file('same\n') },
        ours: {
          'x/u/g0': content('t/s/u/g0'),
          'z/g1': content('t/s/u/g1'),
          'm/c': file('same\n'),
          'm/d': file('same\n'),
        },
        theirs: {
          ...files('t/f1', 't/s/u/g0', 't/s/u/g1', 't/new'),
          'dup/a': file('same\n'),
          'dup/b': file('same\n'),
        },
      },
      gitClean: false,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const result = await merge(sandbox, c.trees);
      expect(result.git.clean, `git: ${result.git.output}`).to.equal(c.gitClean);
      if (c.specgateClean !== undefined)
        expect(result.ours.clean, JSON.stringify(result.ours)).to.equal(c.specgateClean);
      if (c.at) {
        // Named where git moves the file, as git lists it.
        expect(result.git.output).to.include(`suggesting it should perhaps be moved to ${c.at}`);
        expect(result.ours.clean ? [] : result.ours.conflicts).to.deep.include({
          path: c.at,
          reason: 'rename',
        });
      }
    });
  }

  // More of t6423's scenarios (O → A as ours, O → B as theirs). Whatever git answers, specgate must
  // agree; where git is clean, specgate must not refuse.
  const catalogue: [string, Trees][] = [
    [
      '1b: a directory merged into another',
      scenario(['z/b', 'z/c', 'y/d'], { '+': ['z/e'] }, { 'z/b': 'y/b', 'z/c': 'y/c' }),
    ],
    [
      '1d: two directories merged into one new one',
      scenario(
        ['z/b', 'z/c', 'y/d', 'y/e'],
        { 'z/b': 'x/b', 'z/c': 'x/c', '+': ['y/m', 'y/wham'] },
        { 'y/d': 'x/d', 'y/e': 'x/e', '+': ['z/n', 'z/wham'] },
      ),
    ],
    [
      '3a: a file the other side renamed away is not renamed again',
      scenario(['z/b', 'z/c', 'z/d'], {}, { 'z/b': 'y/b', 'z/c': 'y/c', 'z/d': 'x/d' }),
    ],
    [
      '3b: renamed away on both sides, differently',
      scenario(['z/b', 'z/c', 'z/d'], { 'z/b': 'y/b', 'z/c': 'y/c', 'z/d': 'x/d' }, { 'z/d': 'w/d' }),
    ],
    [
      '6a: rename/delete under a directory rename',
      scenario(['z/b', 'z/c', 'z/d'], { 'z/c': null, 'z/d': null }, { 'z/b': 'y/b', 'z/c': 'y/c' }),
    ],
    [
      '6b1: the same renames on both sides, one side adding to the old directory',
      scenario(
        ['z/b', 'z/c', 'z/d', 'z/e'],
        { 'z/b': 'y/b', 'z/c': 'y/c', 'z/d': 'y/d', 'z/e': 'x/e' },
        { 'z/b': 'y/b', 'z/c': 'y/c', 'z/d': 'y/d', '+': ['z/f'] },
      ),
    ],
    [
      '6b2: the same directory rename on both sides, one side adding to the old name',
      scenario(['z/b', 'z/c'], { 'z/b': 'y/b', 'z/c': 'y/c' }, { 'z/b': 'y/b', 'z/c': 'y/c', '+': ['z/d'] }),
    ],
    [
      '6c: a rename only on the side that adds',
      scenario(['z/b', 'z/c'], {}, { 'z/b': 'y/b', 'z/c': 'y/c', '+': ['z/d'] }),
    ],
    [
      '6d: no transitive rename when the other side did nothing',
      scenario(['z/b', 'z/c', 'x/d'], {}, { 'z/b': 'y/b', 'z/c': 'y/c', 'x/d': 'z/d' }),
    ],
    [
      '6e: add/add from one side only',
      scenario(['z/b', 'z/c'], {}, { 'z/b': 'y/b', 'z/c': 'y/c', '+': ['y/d', 'z/d'] }),
    ],
    [
      "8a: dual directory rename, one into the other's way",
      scenario(
        ['x/a', 'x/b', 'y/c', 'y/d'],
        { '+': ['x/e', 'y/f'] },
        { 'x/a': 'y/a', 'x/b': 'y/b', 'y/c': 'z/c', 'y/d': 'z/d' },
      ),
    ],
    [
      '8d: a file deleted under a directory rename, a file added',
      scenario(['z/b', 'z/c', 'z/d'], { 'z/b': 'y/b', 'z/c': 'y/c', 'z/d': null }, { '+': ['z/e'] }),
    ],
    [
      '8e: both sides rename the directory, one adds to the old name',
      scenario(['z/b', 'z/c'], { 'z/b': 'y/b', 'z/c': 'y/c' }, { 'z/b': 'w/b', 'z/c': 'w/c', '+': ['z/d'] }),
    ],
    [
      'a directory renamed on one side, files added elsewhere on the other',
      scenario(['z/b', 'z/c', 'k/k'], { 'z/b': 'y/b', 'z/c': 'y/c' }, { '+': ['k/new', 'n/new'] }),
    ],
    [
      'a directory renamed on one side, the other deletes the rest of it and adds a new directory',
      scenario(
        ['z/b', 'z/c', 'z/s/d'],
        { 'z/b': 'y/b', 'z/c': 'y/c', 'z/s/d': 'y/s/d' },
        { 'z/s/d': null, '+': ['z2/e'] },
      ),
    ],
  ];
  for (const [name, trees] of catalogue) {
    it(`t6423 ${name}`, async () => {
      const result = await merge(sandbox, trees);
      if (result.git.clean)
        expect(result.ours, 'git merges this cleanly').to.deep.equal({
          clean: true,
          treeOid: result.git.tree,
        });
    });
  }

  it('an inner merge of a virtual base (depth 1) detects no directory renames: the new file stays where it was added, as git leaves it with merge.directoryRenames=false', async () => {
    for (const trees of [
      scenario(['z/b', 'z/c'], { 'z/b': 'y/b', 'z/c': 'y/c' }, { '+': ['z/d'] }),
      scenario(['z/b', 'z/c'], { 'z/b': 'y/b', 'z/c': 'w/c' }, { '+': ['z/d'] }),
    ]) {
      const imported = await importTrees(sandbox, trees);
      const ours = await mergeTrees({
        ctx: sandbox.ctx,
        base: imported.base!.tree,
        ours: imported.ours.tree,
        theirs: imported.theirs.tree,
        depth: 1,
      });
      const git = sandbox.git([
        '-c',
        'merge.directoryRenames=false',
        'merge-tree',
        '--write-tree',
        imported.ours.commit,
        imported.theirs.commit,
      ]);
      expect(git.status, git.stdout).to.equal(0);
      expect(ours).to.deep.equal({ clean: true, treeOid: git.stdout.split('\n')[0] });
      const withRenames = await mergeTrees({
        ctx: sandbox.ctx,
        base: imported.base!.tree,
        ours: imported.ours.tree,
        theirs: imported.theirs.tree,
      });
      expect(withRenames.clean, 'the default detects the directory rename').to.equal(false);
    }
  });

  it("directory renames on one or both sides with files added on the other: clean is git's tree, git's conflicts are conflicts", async () => {
    const dirs = ['a', 'b', 'a/s', 'c'];
    const names = ['f1', 'f2', 'f3'];
    const tally = { cases: 0, gitClean: 0, bothClean: 0, refused: 0 };
    // A base of files in a few directories; each side moves some of them (whole directories or
    // single files), deletes some, and adds new files; the merge is compared with git's.
    const side = fc.record({
      moves: fc.array(fc.tuple(fc.constantFrom(...dirs), fc.constantFrom('x', 'y', 'a/t', 'b')), {
        maxLength: 2,
      }),
      fileMoves: fc.array(fc.tuple(fc.nat(11), fc.constantFrom('x', 'y', 'b', 'a/s')), { maxLength: 2 }),
      deletes: fc.array(fc.nat(11), { maxLength: 2 }),
      // Files edited where they end up (renames become inexact): base index, line.
      edits: fc.array(fc.tuple(fc.nat(11), fc.nat(7)), { maxLength: 3 }),
      adds: fc.array(fc.tuple(fc.constantFrom(...dirs, 'x', 'y'), fc.constantFrom('n1', 'n2', 'f1')), {
        maxLength: 2,
      }),
    });
    await fc.assert(
      fc.asyncProperty(side, side, async (ours, theirs) => {
        const basePaths = dirs.flatMap((d) => names.map((n) => `${d}/${n}`));
        const base = files(...basePaths);
        const apply = (s: typeof ours, tag: string): TreeSpec => {
          let spec = { ...base };
          for (const [i, line] of s.edits) {
            const path = basePaths[i];
            const text = lines(path).map((l, n) => (n === line ? `${tag} edited ${l}` : l));
            spec[path] = file(text.join(''));
          }
          for (const i of s.deletes) delete spec[basePaths[i]];
          for (const [i, to] of s.fileMoves) {
            const from = basePaths[i];
            if (!spec[from]) continue;
            const dest = `${to}/${from.slice(from.lastIndexOf('/') + 1)}`;
            if (spec[dest]) continue;
            spec[dest] = spec[from];
            delete spec[from];
          }
          for (const [from, to] of s.moves) {
            if (to === from || to.startsWith(`${from}/`)) continue;
            const next = moved(spec, [from, to]);
            if (Object.keys(next).length !== Object.keys(spec).length) continue;
            spec = next;
          }
          for (const [dir, name] of s.adds) {
            const path = `${dir}/${name}`;
            const clash = Object.keys(spec).some(
              (p) => p === path || p.startsWith(`${path}/`) || path.startsWith(`${p}/`),
            );
            if (!clash) spec[path] = file(`${tag} added ${path}\n`);
          }
          return spec;
        };
        const result = await merge(sandbox, {
          base,
          ours: apply(ours, 'ours'),
          theirs: apply(theirs, 'theirs'),
        });
        tally.cases++;
        if (result.git.clean) tally.gitClean++;
        if (result.git.clean && result.ours.clean) tally.bothClean++;
        if (result.git.clean && !result.ours.clean) {
          tally.refused++;
          if (process.env.DIRECTORY_RENAME_DEBUG)
            console.log(JSON.stringify({ ours, theirs, conflicts: result.ours.conflicts }));
        }
      }),
      {
        numRuns: Number(process.env.DIRECTORY_RENAME_RUNS ?? 150),
        ...(process.env.DIRECTORY_RENAME_SEED ? { seed: Number(process.env.DIRECTORY_RENAME_SEED) } : {}),
      },
    );
    console.log(
      `      directory renames: ${tally.cases} cases, git clean ${tally.gitClean}, specgate clean there ${tally.bothClean}, refused ${tally.refused}`,
    );
    expect(tally.bothClean, 'clean merges specgate completes').to.be.greaterThan(0);
  });

  it('directories moved whole, scattered or deleted on each side, files added on either: the same contract', async () => {
    const dirs = ['a', 'a/s', 'a/s/t', 'b'];
    const names = ['f1', 'f2', 'f3'];
    const destinations = ['x', 'y', 'x/s', 'x/s/t', 'q/t', 'b/n', 'gone'];
    const tally = { cases: 0, gitClean: 0, bothClean: 0, refused: 0 };
    // Per base directory: its files stay, all go to one directory, each goes its own way (or is
    // deleted: 'gone'); some are edited (inexact renames); then files are added.
    const mode = fc.oneof(
      fc.constant({ kind: 'stay' as const }),
      fc.record({ kind: fc.constant('all' as const), to: fc.constantFrom(...destinations) }),
      fc.record({
        kind: fc.constant('each' as const),
        to: fc.array(fc.constantFrom(...destinations, 'stay'), { minLength: 3, maxLength: 3 }),
      }),
    );
    const side = fc.record({
      modes: fc.array(mode, { minLength: dirs.length, maxLength: dirs.length }),
      edits: fc.array(fc.tuple(fc.nat(dirs.length * names.length - 1), fc.nat(7)), { maxLength: 2 }),
      adds: fc.array(fc.tuple(fc.constantFrom(...dirs, 'x', 'x/s', 'y'), fc.constantFrom('n1', 'n2', 'f1')), {
        maxLength: 3,
      }),
    });
    await fc.assert(
      fc.asyncProperty(side, side, async (ours, theirs) => {
        const basePaths = dirs.flatMap((d) => names.map((n) => `${d}/${n}`));
        const base = files(...basePaths);
        const apply = (s: typeof ours, tag: string): TreeSpec => {
          const spec: TreeSpec = {};
          basePaths.forEach((path, i) => {
            const m = s.modes[Math.floor(i / names.length)];
            const to = m.kind === 'stay' ? 'stay' : m.kind === 'all' ? m.to : m.to[i % names.length];
            if (to === 'gone') return;
            const edit = s.edits.find(([at]) => at === i);
            const entry = edit
              ? file(
                  lines(path)
                    .map((l, n) => (n === edit[1] ? `${tag} edited ${l}` : l))
                    .join(''),
                )
              : base[path];
            const dest = to === 'stay' ? path : `${to}/${path.slice(path.lastIndexOf('/') + 1)}`;
            // Two files meeting at one place: the later one stays put instead.
            spec[spec[dest] ? path : dest] = entry;
          });
          for (const [dir, name] of s.adds) {
            const path = `${dir}/${name}`;
            const clash = Object.keys(spec).some(
              (p) => p === path || p.startsWith(`${path}/`) || path.startsWith(`${p}/`),
            );
            if (!clash) spec[path] = file(`${tag} added ${path}\n`);
          }
          return spec;
        };
        const result = await merge(sandbox, {
          base,
          ours: apply(ours, 'ours'),
          theirs: apply(theirs, 'theirs'),
        });
        tally.cases++;
        if (result.git.clean) tally.gitClean++;
        if (result.git.clean && result.ours.clean) tally.bothClean++;
        if (result.git.clean && !result.ours.clean) {
          tally.refused++;
          if (process.env.DIRECTORY_RENAME_DEBUG)
            console.log(JSON.stringify({ ours, theirs, conflicts: result.ours.conflicts }));
        }
      }),
      {
        numRuns: Number(process.env.DIRECTORY_RENAME_RUNS ?? 150),
        ...(process.env.DIRECTORY_RENAME_SEED ? { seed: Number(process.env.DIRECTORY_RENAME_SEED) } : {}),
      },
    );
    console.log(
      `      scattered directories: ${tally.cases} cases, git clean ${tally.gitClean}, specgate clean there ${tally.bothClean}, refused ${tally.refused}`,
    );
    expect(tally.bothClean, 'clean merges specgate completes').to.be.greaterThan(0);
  });

  it('subdirectories of a directory the other side added to, renamed by majorities: the same contract', async () => {
    const tally = { cases: 0, gitClean: 0, bothClean: 0, refused: 0 };
    // Directory t (files t/f*, t/s/*, t/s/u/*) is removed on our side: its own files deleted or moved,
    // each subdirectory's files sent to two places in given numbers; their side adds to t (and maybe
    // below), so git works out where each subdirectory went.
    const split = fc.record({ toX: fc.nat(3), toY: fc.nat(2) });
    const scenarioArb = fc.record({
      own: fc.constantFrom('deleted', 'moved'),
      s: split,
      u: split,
      nested: fc.boolean(),
      addBelow: fc.constantFrom(undefined, 't/s', 't/s/u', 'x', 'w'),
      edit: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (c) => {
        const group = (dir: string, n: number) => Array.from({ length: n }, (_, i) => `${dir}/g${i}`);
        const sPaths = group('t/s', c.s.toX + c.s.toY);
        const uPaths = group('t/s/u', c.u.toX + c.u.toY);
        const base = files('t/f1', 't/f2', 'keep/k', ...sPaths, ...uPaths);
        const ours: TreeSpec = { 'keep/k': base['keep/k'] };
        if (c.own === 'moved') Object.assign(ours, { 'w/f1': base['t/f1'], 'w/f2': base['t/f2'] });
        sPaths.forEach((p, i) => (ours[`${i < c.s.toX ? 'x' : 'y'}/${p.slice(4)}`] = base[p]));
        uPaths.forEach(
          (p, i) => (ours[`${i < c.u.toX ? (c.nested ? 'x/s/u' : 'x/u') : 'z'}/g${i}`] = base[p]),
        );
        const theirs: TreeSpec = { ...base, 't/new': file('added\n') };
        if (c.addBelow) theirs[`${c.addBelow}/new2`] = file('added below\n');
        if (c.edit)
          theirs['t/f1'] = file(
            lines('t/f1')
              .map((l, n) => (n === 0 ? `edited ${l}` : l))
              .join(''),
          );
        const result = await merge(sandbox, { base, ours, theirs });
        tally.cases++;
        if (result.git.clean) tally.gitClean++;
        if (result.git.clean && result.ours.clean) tally.bothClean++;
        if (result.git.clean && !result.ours.clean) {
          tally.refused++;
          if (process.env.DIRECTORY_RENAME_DEBUG)
            console.log(JSON.stringify({ c, conflicts: result.ours.conflicts }));
        }
      }),
      {
        numRuns: Number(process.env.DIRECTORY_RENAME_RUNS ?? 150),
        ...(process.env.DIRECTORY_RENAME_SEED ? { seed: Number(process.env.DIRECTORY_RENAME_SEED) } : {}),
      },
    );
    console.log(
      `      subdirectory majorities: ${tally.cases} cases, git clean ${tally.gitClean}, specgate clean there ${tally.bothClean}, refused ${tally.refused}`,
    );
    expect(tally.bothClean, 'clean merges specgate completes').to.be.greaterThan(0);
  });
});
