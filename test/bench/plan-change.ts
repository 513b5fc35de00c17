import type { Random } from './create-random.js';
import { makeTextLines } from './make-text-lines.js';

/** A file in the tree a change starts from (`git ls-tree -r`). */
export interface BaseEntry {
  path: string;
  mode: string;
  oid: string;
}

/** One commit of a change: the files it writes in full and the files it deletes. */
export interface ChangeCommit {
  message: string;
  writes: { path: string; mode: string; content: string }[];
  deletes: string[];
}

/** A change to write: its commits, every path it touches, and the files it offers to its pair partner. */
export interface ChangePlan {
  commits: ChangeCommit[];
  touched: string[];
  /** Files edited only in their first third, for the partner to edit in their last third. */
  offered: string[];
}

/** Where in a file an edit goes: the middle 60%, or a region a pair partner keeps clear of. */
type Region = 'middle' | 'early' | 'late';

interface Op {
  kind: 'edit' | 'add' | 'delete';
  path: string;
  mode: string;
  region: Region;
}

/** Files this short cannot hold two edits far enough apart for git to merge them line-wise. */
const SHAREABLE_LINES = 24;

function lineSpan(
  random: Random,
  count: number,
  region: Region,
): { at: number; remove: number; insert: number } {
  if (region === 'early')
    return {
      at: random.int(Math.floor(count * 0.2), Math.floor(count * 0.3)),
      remove: random.int(1, 2),
      insert: random.int(1, 2),
    };
  if (region === 'late')
    return {
      at: random.int(Math.floor(count * 0.7), Math.floor(count * 0.8)),
      remove: random.int(1, 2),
      insert: random.int(1, 2),
    };
  return {
    at: random.int(Math.floor(count * 0.2), Math.max(Math.floor(count * 0.8), 1)),
    remove: random.int(0, 2),
    insert: random.int(1, 3),
  };
}

function pickDistinct(
  random: Random,
  entries: readonly BaseEntry[],
  count: number,
  taken: Set<string>,
): BaseEntry[] {
  const picked: BaseEntry[] = [];
  for (let tries = 0; picked.length < count && tries < count * 20 && entries.length > 0; tries++) {
    const entry = random.pick(entries);
    if (taken.has(entry.path)) continue;
    taken.add(entry.path);
    picked.push(entry);
  }
  return picked;
}

function toLines(content: string): string[] {
  return content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
}

/**
 * Plans one queued change (pure but for `readBlobs`): 1–20 files, mostly edits in the middle of existing
 * files, some additions under new unique names, `deletes` deletions, optionally an executable bit set,
 * spread over 1–3 commits (a later commit may edit a file again). A change that is first of a pair edits
 * 1–3 long files only early (and returns them as `offered`); the second of a pair gets them as `shared`
 * and edits them only late, so git merges both line-wise.
 */
export function planChange(args: {
  random: Random;
  id: string;
  /** Regular files no other change touches: free to edit or delete. */
  candidates: readonly BaseEntry[];
  /** Files the pair partner edited early; edited late here. */
  shared: readonly BaseEntry[];
  offer: boolean;
  deletes: number;
  setExecutable: boolean;
  readBlobs: (oids: string[]) => Map<string, string>;
}): ChangePlan {
  const { random, id, candidates, shared } = args;
  const total = Math.min(20, 1 + Math.floor(random.next() ** 1.5 * 20));
  const taken = new Set(shared.map((entry) => entry.path));
  const contents = new Map<string, string[]>();
  const ops: Op[] = shared.map((entry) => ({
    kind: 'edit',
    path: entry.path,
    mode: entry.mode,
    region: 'late',
  }));
  const offered: string[] = [];

  if (args.offer) {
    const trial = pickDistinct(random, candidates, 12, new Set(taken));
    const blobs = args.readBlobs(trial.map((entry) => entry.oid));
    const long = trial
      .filter((entry) => toLines(blobs.get(entry.oid)!).length >= SHAREABLE_LINES)
      .slice(0, random.int(1, 3));
    for (const entry of long) {
      taken.add(entry.path);
      offered.push(entry.path);
      ops.push({ kind: 'edit', path: entry.path, mode: entry.mode, region: 'early' });
    }
  }
  const adds = Math.floor(total * 0.25 * random.next());
  const edits = Math.max(
    total - ops.length - adds - args.deletes,
    ops.length + adds + args.deletes === 0 ? 1 : 0,
  );
  for (const entry of pickDistinct(random, candidates, edits, taken))
    ops.push({ kind: 'edit', path: entry.path, mode: entry.mode, region: 'middle' });
  for (const entry of pickDistinct(random, candidates, args.deletes, taken))
    ops.push({ kind: 'delete', path: entry.path, mode: entry.mode, region: 'middle' });
  for (let a = 1; a <= adds; a++) {
    const dir = random.pick(candidates).path.replace(/\/[^/]*$/, '');
    const executable = random.chance(0.1);
    ops.push({
      kind: 'add',
      path: `${dir}/new-${id}-${a}.${executable ? 'sh' : 'txt'}`,
      mode: executable ? '100755' : '100644',
      region: 'middle',
    });
  }
  if (args.setExecutable) {
    const plain = ops.find((op) => op.kind === 'edit' && op.region === 'middle' && op.mode === '100644');
    if (plain) plain.mode = '100755';
  }

  const byPath = new Map([...shared, ...candidates].map((entry) => [entry.path, entry]));
  const toRead = ops.filter((op) => op.kind === 'edit').map((op) => byPath.get(op.path)!.oid);
  const blobs = args.readBlobs(toRead);
  for (const op of ops)
    if (op.kind === 'edit') contents.set(op.path, toLines(blobs.get(byPath.get(op.path)!.oid)!));

  for (let i = ops.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [ops[i], ops[j]] = [ops[j], ops[i]];
  }
  const count = Math.min(random.int(1, 3), ops.length);
  const commits: ChangeCommit[] = [];
  for (let c = 0; c < count; c++) {
    const mine = ops.filter((_, index) => index % count === c);
    // A later commit sometimes edits again a file an earlier commit of the change edited.
    const again =
      c > 0
        ? ops.find((op, index) => index % count === 0 && op.kind === 'edit' && op.region === 'middle')
        : undefined;
    if (again) mine.push(again);
    const commit: ChangeCommit = {
      message: `${id}: part ${c + 1} of ${count}\n\nTouches ${mine.length} file(s).\n`,
      writes: [],
      deletes: [],
    };
    for (const op of mine) {
      if (op.kind === 'delete') {
        commit.deletes.push(op.path);
        continue;
      }
      if (op.kind === 'add' && !contents.has(op.path)) {
        contents.set(op.path, makeTextLines(random, random.int(5, 40)));
      } else {
        const lines = contents.get(op.path)!;
        const span = lineSpan(random, lines.length, op.region);
        lines.splice(span.at, span.remove, ...makeTextLines(random, span.insert));
      }
      commit.writes.push({ path: op.path, mode: op.mode, content: `${contents.get(op.path)!.join('\n')}\n` });
    }
    commits.push(commit);
  }
  return { commits, touched: ops.map((op) => op.path), offered };
}
