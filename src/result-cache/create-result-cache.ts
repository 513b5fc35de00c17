import { open } from 'node:fs/promises';
import { isCommandNotFound } from '../core/jobs/is-command-not-found.js';
import { isRepeatableResult } from '../core/jobs/is-repeatable-result.js';
import type { JobOutcome, KeptResult, RecordedRun } from '../core/types.js';
import type { NoteEntry } from './parse-cache-line.js';
import { parseCacheNote } from './parse-cache-note.js';
import { writeCacheNote } from './write-cache-note.js';

/** A job's recorded run on a tree, as partial results carry them between machines. */
export type CacheEntry = KeptResult;

/** Where notes live: one text per tree object. specgate's is `refs/notes/specgate` (see the workflows). */
export interface NoteStore {
  /** The note on `tree`, if there is one. */
  read(tree: string): Promise<string | undefined>;
  /**
   * Rewrites the notes of several trees in one atomic update, each as `edit(its current text)`; on a race
   * with another writer, `edit` is called again with the newer text, so no writer loses another's notes.
   */
  write(edits: Map<string, (old: string | undefined) => string>): Promise<void>;
}

/** The result cache of one run. */
export interface ResultCache {
  /**
   * The recorded runs on `tree` of the jobs in `keys` (job name → cache key), by job name: from the
   * results given to this run and this run's own records, and from the store for the jobs in `stored`.
   */
  lookup(
    tree: string,
    keys: ReadonlyMap<string, string>,
    stored: ReadonlySet<string>,
  ): Promise<Map<string, RecordedRun>>;
  /**
   * Keeps a job's finished run when it is `cacheable` and its result is one that running
   * again would repeat (SUCCESS, FAILURE, RETRY_LIMIT, but not a command not found: exit status 127); for
   * one that did not succeed, the end of `outcome.log` is kept with it. Any other finished run (a timeout,
   * a job that could not start, a command not found, a job that may not be cached) is only listed by
   * `known()`, as transient, for a shard's partial result.
   */
  record(args: {
    tree: string;
    key: string;
    outcome: JobOutcome;
    returned?: Pick<RecordedRun, 'childJobs' | 'data'>;
    cacheable: boolean;
    /** The change whose state it ran on, kept with the result for `cache list`. */
    change?: string;
  }): void;
  /** Every run recorded, given or found by a lookup so far (once their log tails are read), each once. */
  known(): Promise<CacheEntry[]>;
  /** Writes the records not written yet into the store; returns how many were written. */
  flush(): Promise<number>;
}

const LOG_TAIL_LINES = 100;
const LOG_TAIL_BYTES = 16 * 1024;

/**
 * The result cache: answers from `given` (results handed in, such as shards' partial results), from this
 * run's own records, and — unless `readStore` is false (`--no-cache`) — from the note store. Records (and
 * the `given` results) are kept in memory and written by `flush`, in one update of the store.
 */
export function createResultCache(args: {
  store: NoteStore;
  readStore: boolean;
  given?: readonly CacheEntry[];
  now?: () => Date;
  /** Told once when the store cannot be read; the cache then answers from memory only. */
  warn?: (message: string) => void;
}): ResultCache {
  const now = args.now ?? (() => new Date());
  const all: Array<Promise<CacheEntry>> = [];
  let written = 0;
  const memory = new Map<string, Map<string, RecordedRun>>();
  const remember = (entry: CacheEntry) => {
    let byKey = memory.get(entry.tree);
    if (!byKey) memory.set(entry.tree, (byKey = new Map()));
    byKey.set(entry.key, entry.run);
  };
  for (const entry of args.given ?? []) {
    remember(entry);
    if (!entry.transient) all.push(Promise.resolve(entry));
  }
  const found = new Map<string, CacheEntry>();
  const notes = new Map<string, Promise<Map<string, NoteEntry>>>();
  let warned = false;
  const noteOn = (tree: string) => {
    let note = notes.get(tree);
    if (!note) {
      note = args.store.read(tree).then(
        (text) => parseCacheNote(text ?? ''),
        (error: unknown) => {
          // A damaged or half-fetched notes ref costs the cache, never the run.
          if (!warned)
            args.warn?.(`cannot read the result cache, running jobs instead: ${(error as Error).message}`);
          warned = true;
          return new Map<string, NoteEntry>();
        },
      );
      notes.set(tree, note);
    }
    return note;
  };

  return {
    async lookup(tree, keys, stored) {
      const hits = new Map<string, RecordedRun>();
      const inMemory = memory.get(tree);
      const note = args.readStore && stored.size > 0 ? await noteOn(tree) : undefined;
      for (const [job, key] of keys) {
        const fromMemory = inMemory?.get(key);
        const run = fromMemory ?? (stored.has(job) ? note?.get(key)?.run : undefined);
        if (run === undefined) continue;
        hits.set(job, run);
        if (fromMemory === undefined) found.set(`${tree} ${key}`, { tree, job, key, run });
      }
      return hits;
    },
    record({ tree, key, outcome, returned, cacheable, change }) {
      const { result } = outcome;
      if (result === 'SKIPPED' || result === 'ABORTED') return;
      const run: RecordedRun = {
        result,
        attempts: outcome.attempts,
        durationMs: outcome.durationMs,
        at: now().toISOString(),
      };
      if (outcome.message !== undefined) run.message = outcome.message;
      if (returned?.childJobs !== undefined) run.childJobs = returned.childJobs;
      if (returned?.data !== undefined) run.data = returned.data;
      if (change !== undefined) run.change = change;
      const entry: CacheEntry = { tree, job: outcome.name, key, run };
      // A command not found is the machine's, not the change's: it is not kept for the next run.
      if (!cacheable || !isRepeatableResult(result) || isCommandNotFound(outcome)) entry.transient = true;
      // A transient result never answers in this run: a timeout or a job that may not be cached runs again.
      if (!entry.transient) remember(entry);
      all.push(
        (result === 'SUCCESS' || outcome.log === undefined
          ? Promise.resolve(undefined)
          : readLogTail(outcome.log)
        ).then((logTail) => {
          if (logTail !== undefined) run.logTail = logTail;
          return entry;
        }),
      );
    },
    async known() {
      const entries = new Map<string, CacheEntry>(found);
      for (const entry of await Promise.all(all)) entries.set(`${entry.tree} ${entry.key}`, entry);
      return [...entries.values()];
    },
    async flush() {
      const start = written;
      written = all.length;
      const entries = (await Promise.all(all.slice(start, written))).filter((entry) => !entry.transient);
      if (entries.length === 0) return 0;
      const byTree = new Map<string, CacheEntry[]>();
      for (const entry of entries) byTree.set(entry.tree, [...(byTree.get(entry.tree) ?? []), entry]);
      await args.store.write(
        new Map(
          [...byTree].map(([tree, treeEntries]) => [
            tree,
            (old: string | undefined) => writeCacheNote(old, treeEntries),
          ]),
        ),
      );
      return entries.length;
    },
  };
}

/** The last lines of a log file, at most LOG_TAIL_LINES lines and LOG_TAIL_BYTES bytes; undefined if unreadable. */
async function readLogTail(file: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let text = buffer.toString('utf8');
    // A cut in the middle of a line (or of a character) starts the tail at the next whole line.
    if (length < size) text = text.slice(text.indexOf('\n') + 1);
    const ended = text.endsWith('\n');
    const lines = (ended ? text.slice(0, -1) : text).split('\n');
    return `${lines.slice(-LOG_TAIL_LINES).join('\n')}${ended ? '\n' : ''}`;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
