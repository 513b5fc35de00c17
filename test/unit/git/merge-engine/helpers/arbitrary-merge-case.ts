import fc from 'fast-check';
import { file, submodule, symlink, type FileSpec, type TreeSpec } from './tree-spec.js';

/** One generated merge: a base (absent for unrelated histories) and the two sides made from it. */
export interface MergeCase {
  base?: TreeSpec;
  ours: TreeSpec;
  theirs: TreeSpec;
}

const DIRS = ['src', 'lib', 'a', 'b'];
const NAMES = ['f', 'g.txt', 'h.md', 'x.js'];
// Few distinct lines, so that files repeat lines and diffs have to choose between alignments.
const LINES = ['a', 'b', 'c', '{', '}', '', 'return x;', 'x = 1'];

const line = fc.oneof(
  fc.constantFrom(...LINES),
  fc.nat(30).map((n) => `line ${n}`),
);
const lines = fc.array(line, { maxLength: 12 });
const path = fc
  .tuple(fc.array(fc.constantFrom(...DIRS), { maxLength: 3 }), fc.constantFrom(...NAMES, 'new', 'n2'))
  .map(([dirs, name]) => [...dirs, name].join('/'));
const text = (body: string[], finalNewline: boolean) =>
  body.join('\n') + (body.length > 0 && finalNewline ? '\n' : '');

const textFile = fc
  .record({
    path,
    body: lines,
    finalNewline: fc.integer({ min: 0, max: 4 }),
    executable: fc.integer({ min: 0, max: 4 }),
  })
  .map(
    ({ path: p, body, finalNewline, executable }) =>
      [p, file(text(body, finalNewline !== 0), executable === 0)] as const,
  );

/** A base tree: a few text files, some nested 2–4 levels deep, maybe a symlink, a binary file, a submodule. */
const baseTree: fc.Arbitrary<TreeSpec> = fc
  .record({
    texts: fc.array(textFile, { minLength: 2, maxLength: 7 }),
    link: fc.option(fc.constantFrom('link', 'src/link'), { nil: undefined }),
    binary: fc.option(fc.uint8Array({ minLength: 1, maxLength: 20 }), { nil: undefined }),
    module: fc.option(fc.constantFrom('mod', 'lib/mod'), { freq: 5, nil: undefined }),
  })
  .map(({ texts, link, binary, module }) => {
    const tree = new Map<string, FileSpec>();
    for (const [p, spec] of texts) place(tree, p, spec);
    if (link) place(tree, link, symlink('src/f'));
    if (binary) place(tree, 'bin.dat', file(Uint8Array.from([0, ...binary])));
    if (module) place(tree, module, submodule('1'.repeat(40)));
    return Object.fromEntries(tree);
  });

/** One edit a side may make. `pick` selects among the paths present when it is applied. */
type Op =
  | { op: 'edit'; pick: number; at: number; kind: 'replace' | 'insert' | 'delete'; text: string }
  | { op: 'append'; pick: number; text: string }
  | { op: 'newline'; pick: number }
  | { op: 'delete'; pick: number }
  | { op: 'add'; path: string; body: string[] }
  | { op: 'move'; pick: number; path: string }
  | { op: 'moveEdit'; pick: number; path: string; at: number; text: string }
  | { op: 'copy'; pick: number; path: string }
  | { op: 'moveDir'; pick: number; to: string }
  | { op: 'exec'; pick: number }
  | { op: 'fileToDir'; pick: number }
  | { op: 'dirToFile'; pick: number }
  | { op: 'retarget'; text: string }
  | { op: 'binary'; byte: number };

const pick = fc.nat(1000);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('edit' as const),
      pick,
      at: fc.nat(20),
      kind: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const),
      text: line,
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ op: fc.constant('append' as const), pick, text: line }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('newline' as const), pick }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), pick }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('add' as const), path, body: lines }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('move' as const), pick, path }), weight: 3 },
  {
    arbitrary: fc.record({ op: fc.constant('moveEdit' as const), pick, path, at: fc.nat(20), text: line }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('copy' as const), pick, path }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('moveDir' as const),
      pick,
      to: fc.constantFrom(...DIRS, 'moved'),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('exec' as const), pick }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('fileToDir' as const), pick }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('dirToFile' as const), pick }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('retarget' as const),
      text: fc.constantFrom('lib', 'src/g.txt', 'x'),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('binary' as const), byte: fc.nat(255) }), weight: 1 },
);

/**
 * Merge cases: a base tree; edits applied to both sides alike (identical changes); then each side's own
 * edits. Sometimes the histories are unrelated (no base commit; the sides still start from the same tree,
 * so that they share paths).
 */
export const arbitraryMergeCase: fc.Arbitrary<MergeCase> = fc
  .record({
    base: baseTree,
    shared: fc.array(op, { maxLength: 2 }),
    ours: fc.array(op, { maxLength: 5 }),
    theirs: fc.array(op, { maxLength: 5 }),
    unrelated: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  })
  .map(({ base, shared, ours, theirs, unrelated }) => {
    const common = applyOps(base, shared);
    return {
      base: unrelated ? undefined : base,
      ours: applyOps(common, ours),
      theirs: applyOps(common, theirs),
    };
  });

function applyOps(tree: TreeSpec, ops: Op[]): TreeSpec {
  const result = new Map(Object.entries(tree));
  for (const o of ops) applyOp(result, o);
  return Object.fromEntries(result);
}

function applyOp(tree: Map<string, FileSpec>, o: Op): void {
  const paths = [...tree.keys()].sort();
  const texts = paths.filter((p) => isText(tree.get(p)!));
  const chosen = (list: string[], n: number) => (list.length > 0 ? list[n % list.length] : undefined);
  switch (o.op) {
    case 'edit':
    case 'append':
    case 'newline': {
      const p = chosen(texts, o.pick);
      if (!p) return;
      const spec = tree.get(p) as { kind: 'file'; content: string; executable?: boolean };
      const finalNewline = spec.content.endsWith('\n') || spec.content === '';
      const body = spec.content === '' ? [] : spec.content.replace(/\n$/, '').split('\n');
      if (o.op === 'newline') {
        tree.set(p, file(text(body, !finalNewline), spec.executable));
        return;
      }
      if (o.op === 'append') body.push(o.text);
      else {
        const at = o.at % (body.length + 1);
        if (o.kind === 'insert') body.splice(at, 0, o.text);
        else if (body.length > 0)
          body.splice(Math.min(at, body.length - 1), 1, ...(o.kind === 'replace' ? [o.text] : []));
      }
      tree.set(p, file(text(body, finalNewline), spec.executable));
      return;
    }
    case 'delete': {
      const p = chosen(paths, o.pick);
      if (p) tree.delete(p);
      return;
    }
    case 'add':
      place(tree, o.path, file(text(o.body, true)));
      return;
    case 'move': {
      const p = chosen(paths, o.pick);
      if (!p || tree.has(o.path)) return;
      const spec = tree.get(p)!;
      tree.delete(p);
      if (!place(tree, o.path, spec)) tree.set(p, spec);
      return;
    }
    case 'moveEdit': {
      const p = chosen(texts, o.pick);
      if (!p || tree.has(o.path)) return;
      const spec = tree.get(p) as { kind: 'file'; content: string; executable?: boolean };
      const body = spec.content.split('\n');
      body.splice(o.at % (body.length + 1), 0, o.text);
      tree.delete(p);
      if (!place(tree, o.path, file(body.join('\n'), spec.executable))) tree.set(p, spec);
      return;
    }
    case 'copy': {
      const p = chosen(paths, o.pick);
      if (p && !tree.has(o.path)) place(tree, o.path, tree.get(p)!);
      return;
    }
    case 'moveDir': {
      const dirs = [
        ...new Set(
          paths.flatMap((p) =>
            p
              .split('/')
              .slice(0, -1)
              .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
          ),
        ),
      ].sort();
      const dir = chosen(dirs, o.pick);
      if (!dir) return;
      const target = [...dir.split('/').slice(0, -1), o.to].join('/');
      if (target === dir || target.startsWith(`${dir}/`)) return;
      const moved = paths.filter((p) => p.startsWith(`${dir}/`));
      const specs = moved.map((p) => tree.get(p)!);
      moved.forEach((p) => tree.delete(p));
      const placed = moved.map((p, i) => place(tree, target + p.slice(dir.length), specs[i]));
      if (placed.some((ok) => !ok)) {
        moved.forEach((p, i) => placed[i] && tree.delete(target + p.slice(dir.length)));
        moved.forEach((p, i) => tree.set(p, specs[i]));
      }
      return;
    }
    case 'exec': {
      const p = chosen(
        paths.filter((q) => tree.get(q)!.kind === 'file'),
        o.pick,
      );
      if (!p) return;
      const spec = tree.get(p) as { kind: 'file'; content: string | Uint8Array; executable?: boolean };
      tree.set(p, file(spec.content, !spec.executable));
      return;
    }
    case 'fileToDir': {
      const p = chosen(paths, o.pick);
      if (!p) return;
      const spec = tree.get(p)!;
      tree.delete(p);
      tree.set(`${p}/inner`, spec);
      return;
    }
    case 'dirToFile': {
      const dirs = [
        ...new Set(
          paths.flatMap((p) =>
            p
              .split('/')
              .slice(0, -1)
              .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
          ),
        ),
      ].sort();
      const dir = chosen(dirs, o.pick);
      if (!dir) return;
      for (const p of paths) if (p.startsWith(`${dir}/`)) tree.delete(p);
      tree.set(dir, file('was a directory\n'));
      return;
    }
    case 'retarget': {
      const p = paths.find((q) => tree.get(q)!.kind === 'symlink');
      if (p) tree.set(p, symlink(o.text));
      return;
    }
    case 'binary': {
      const p = paths.find((q) => q.endsWith('.dat') && tree.get(q)!.kind === 'file');
      if (!p) return;
      const content = Buffer.from((tree.get(p) as { content: Uint8Array }).content);
      tree.set(p, file(Buffer.concat([content, Buffer.from([o.byte])])));
      return;
    }
  }
}

function isText(spec: FileSpec): boolean {
  return spec.kind === 'file' && typeof spec.content === 'string';
}

/** Adds a file unless a file is in the way of its directories or a directory is in the way of it. */
function place(tree: Map<string, FileSpec>, p: string, spec: FileSpec): boolean {
  const parts = p.split('/');
  for (let i = 1; i < parts.length; i++) if (tree.has(parts.slice(0, i).join('/'))) return false;
  for (const other of tree.keys()) if (other.startsWith(`${p}/`)) return false;
  tree.set(p, spec);
  return true;
}
