import { createRandom } from './create-random.js';
import { planChange, type BaseEntry } from './plan-change.js';
import { runGit } from './run-git.js';
import { writeChange } from './write-change.js';

/** How far behind main's tip a change may start, as weights (mostly the tip, sometimes a few back). */
const BASE_OFFSETS = [0, 0, 0, 0, 1, 1, 2, 3, 5, 8];
/** Files main changed this recently are left alone, so changes starting further back do not conflict. */
const RECENT_COMMITS = 12;
const ATTEMPTS = 10;

function changeId(index: number): string {
  return `change-${String(index).padStart(2, '0')}`;
}

/**
 * The queue positions (1-based) of changes that edit the same files at distant lines: second → first.
 * Pairs start every eighth change; every other pair is two changes apart in the queue, so a third change
 * merges between them.
 */
function pairPartners(count: number): Map<number, number> {
  const partners = new Map<number, number>();
  for (let k = 0; 2 + 8 * k <= count; k++) {
    const first = 2 + 8 * k;
    const second = first + (k % 2 === 0 ? 3 : 1);
    if (second <= count) partners.set(second, first);
  }
  return partners;
}

function readBlobsOf(repo: string): (oids: string[]) => Map<string, string> {
  return (oids) => {
    const blobs = new Map<string, string>();
    if (oids.length === 0) return blobs;
    // The generated text is ASCII, so character offsets are byte offsets.
    const out = runGit(repo, ['cat-file', '--batch'], { input: `${oids.join('\n')}\n` }).stdout;
    let at = 0;
    while (at < out.length) {
      const eol = out.indexOf('\n', at);
      const [oid, , size] = out.slice(at, eol).split(' ');
      blobs.set(oid, out.slice(eol + 1, eol + 1 + Number(size)));
      at = eol + 1 + Number(size) + 1;
    }
    return blobs;
  };
}

/**
 * Creates branches `change-01`… off recent commits of `main` in `repo`, each planned by `planChange` from
 * a seeded PRNG, and checks the queue with the native loop as it grows (`git merge-tree --write-tree`
 * onto the state so far, then `git commit-tree`): a change that conflicts is regenerated from the next
 * seed, and after three attempts without its shared files. Returns the ids and the native states.
 *
 * @throws Error when a change still conflicts after ten attempts.
 */
export function generateChanges(args: {
  repo: string;
  count: number;
  seed: string;
  log: (message: string) => void;
}): { ids: string[]; states: string[] } {
  const { repo } = args;
  const mainline = runGit(repo, ['rev-list', '--first-parent', 'main']).stdout.trim().split('\n');
  const recent = new Set(
    runGit(repo, [
      'diff',
      '--name-only',
      mainline[Math.min(RECENT_COMMITS, mainline.length - 1)],
      mainline[0],
    ])
      .stdout.split('\n')
      .filter(Boolean),
  );
  const trees = new Map<string, BaseEntry[]>();
  const treeOf = (commit: string): BaseEntry[] => {
    let entries = trees.get(commit);
    if (!entries) {
      entries = runGit(repo, ['ls-tree', '-r', '-z', '--full-tree', commit])
        .stdout.split('\0')
        .filter(Boolean)
        .map((line) => {
          const tab = line.indexOf('\t');
          const [mode, , oid] = line.slice(0, tab).split(' ');
          return { mode, oid, path: line.slice(tab + 1) };
        });
      trees.set(commit, entries);
    }
    return entries;
  };
  const readBlobs = readBlobsOf(repo);
  const partners = pairPartners(args.count);
  const firsts = new Set(partners.values());
  const offers = new Map<number, { base: string; paths: string[] }>();
  const claimed = new Set<string>();
  const ids: string[] = [];
  const states: string[] = [];
  let state = mainline[0];

  for (let index = 1; index <= args.count; index++) {
    const id = changeId(index);
    const offer = offers.get(partners.get(index) ?? 0);
    let done = false;
    for (let attempt = 0; attempt < ATTEMPTS && !done; attempt++) {
      const random = createRandom(`${args.seed}:${id}:${attempt}`);
      const share = offer !== undefined && attempt < 3;
      const base = share ? offer.base : mainline[Math.min(random.pick(BASE_OFFSETS), mainline.length - 1)];
      const entries = treeOf(base);
      const plan = planChange({
        random,
        id,
        candidates: entries.filter(
          (entry) => entry.mode !== '120000' && !claimed.has(entry.path) && !recent.has(entry.path),
        ),
        shared: share ? entries.filter((entry) => offer.paths.includes(entry.path)) : [],
        offer: firsts.has(index),
        deletes: index % 20 === 7 ? 1 : 0,
        setExecutable: index % 25 === 13,
        readBlobs,
      });
      writeChange({ repo, branch: id, base, plan, time: 1_800_000_000 + index * 1000 });
      const merged = runGit(repo, ['merge-tree', '--write-tree', state, id], { okStatuses: [0, 1] });
      if (merged.status === 1) {
        args.log(`${id}: attempt ${attempt + 1} conflicts with the queue ahead of it; regenerating`);
        continue;
      }
      const tree = merged.stdout.split('\n')[0];
      state = runGit(repo, ['commit-tree', tree, '-p', state, '-p', id, '-m', `Merge ${id}`]).stdout.trim();
      for (const touched of plan.touched) claimed.add(touched);
      if (plan.offered.length > 0) offers.set(index, { base, paths: plan.offered });
      ids.push(id);
      states.push(state);
      done = true;
    }
    if (!done) throw new Error(`${id} still conflicts after ${ATTEMPTS} attempts`);
  }
  return { ids, states };
}
