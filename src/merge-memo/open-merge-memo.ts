import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GitContext } from '../git/git-context.js';

/** A remembered merge: the state's commit id, or the conflict message. */
export type RememberedMerge = { clean: true; sha: string } | { clean: false; message: string };

/** Merges remembered across runs. */
export interface MergeMemo {
  /** The remembered result of the merge described by `inputs`, if any (the caller checks its commit still exists). */
  get(inputs: unknown): RememberedMerge | undefined;
  /** Remembers the result of the merge described by `inputs`. */
  set(inputs: unknown, result: RememberedMerge): void;
}

/**
 * Bumped whenever the merge engine could give another result for the same inputs (a fix, a new rule):
 * older lines then stop answering. specgate's own version is part of every key too, so a release that
 * forgot to bump it still never trusts an older engine's merges.
 */
const ENGINE_VERSION = 2;
/** From specgate's package.json (`dist/merge-memo/` and `src/merge-memo/` are both two levels down). */
const SPECGATE_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;
/** Past this size the file is rewritten with its newer half, so it stays small however long it is used. */
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * The merges of earlier runs, in `.git/specgate/cache/merges`: one line per merge, the SHA-256 of its
 * inputs (the engine version, the merge mode, the state and change commits, and whatever goes into the
 * commit message) and its result. A merge is a pure function of those inputs and its commit is
 * deterministic, so a re-run of the same queue skips every tree walk. Read once per run; lines are
 * appended (one `write` each, so concurrent runs interleave whole lines); a line that does not parse is
 * ignored. The file is a cache: deleting it only costs time.
 */
export function openMergeMemo(ctx: GitContext): MergeMemo {
  const file = path.join(path.dirname(ctx.objectsDir), 'specgate', 'cache', 'merges');
  let known: Map<string, RememberedMerge> | undefined;
  const digest = (inputs: unknown) =>
    createHash('sha256')
      .update(JSON.stringify([ENGINE_VERSION, SPECGATE_VERSION, inputs]))
      .digest('hex');
  const load = (): Map<string, RememberedMerge> => {
    known = new Map();
    let text = '';
    try {
      text = ctx.fs.readFileSync(file, 'utf8');
    } catch {
      return known; // none yet
    }
    const lines = text.split('\n');
    for (const line of lines) {
      const space = line.indexOf(' ');
      if (space !== 64) continue;
      try {
        const result = JSON.parse(line.slice(space + 1)) as RememberedMerge;
        if (
          (result.clean === true && typeof result.sha === 'string') ||
          (result.clean === false && typeof result.message === 'string')
        ) {
          known.set(line.slice(0, space), result);
        }
      } catch {
        // A torn or foreign line: not an answer.
      }
    }
    if (text.length > MAX_BYTES) {
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        ctx.fs.writeFileSync(temporary, `${lines.slice(Math.floor(lines.length / 2)).join('\n')}`);
        ctx.fs.renameSync(temporary, file);
      } catch {
        ctx.fs.rmSync(temporary, { force: true });
      }
    }
    return known;
  };
  return {
    get: (inputs) => (known ?? load()).get(digest(inputs)),
    set(inputs, result) {
      const key = digest(inputs);
      (known ?? load()).set(key, result);
      try {
        ctx.fs.mkdirSync(path.dirname(file), { recursive: true });
        ctx.fs.appendFileSync(file, `${key} ${JSON.stringify(result)}\n`);
      } catch {
        // Remembering is an optimisation; a read-only repository still gates.
      }
    },
  };
}
