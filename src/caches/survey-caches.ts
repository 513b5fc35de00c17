import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { isPidAlive } from '../jobs/prepare/is-pid-alive.js';
import { parseCacheNote } from '../result-cache/parse-cache-note.js';
import type { NotesAccess } from '../result-cache/notes-access.js';
import { RESULTS_REF } from '../result-cache/results-ref.js';
import { withNotes } from '../result-cache/with-notes.js';
import { measureDir } from './measure-dir.js';

/** The caches specgate keeps, in the order `specgate cache` lists them. */
export const CACHE_KINDS = ['results', 'workspaces', 'merges', 'logs', 'artifacts'] as const;
/** One of {@link CACHE_KINDS}. */
export type CacheKind = (typeof CACHE_KINDS)[number];

/** One removable entry of a cache kept under `.git/specgate`. */
export interface CacheEntry {
  kind: CacheKind;
  /** The file or directory that holds it (the entry is removed by removing it). */
  path: string;
  bytes: number;
  lastUsedMs: number;
  /** Used by a live run now (a use marker of a live process): never removed. */
  inUse: boolean;
}

/** One cache: where it is, how many entries, how big, and when it was last used. */
export interface CacheSummary {
  kind: CacheKind;
  /** A directory or file, or the notes ref for results. */
  location: string;
  entries: number;
  bytes: number;
  /** ISO time of the newest use; absent when the cache is empty. */
  lastUsed?: string;
}

/** Every cache and its removable entries (results are git notes: not removable by size, see `cache clear`). */
export interface CacheSurvey {
  caches: CacheSummary[];
  entries: CacheEntry[];
}

const PREPARE_KEY = /^[0-9a-f]{64}$/;
const USE_MARKER = /^([0-9a-f]{64})\.use-(\d+)-/;

/**
 * Looks at every cache specgate keeps: the job results (notes under `refs/notes/specgate`, their bytes
 * the note texts), prepared workspaces (`<commonDir>/specgate/cache/prepare/<key>`, last used when their
 * `.complete` was last touched), the merge memo (`<commonDir>/specgate/cache/merges`), run logs
 * (`<gitdir>/specgate/logs/<run>`) and artifacts (`<commonDir>/specgate/artifacts/<entry>`, when present).
 * Reads only.
 */
export async function surveyCaches(args: {
  gitdir: string;
  commonDir: string;
  /** Absent: results are not looked at (pruning never removes them). */
  notes?: NotesAccess;
}): Promise<CacheSurvey> {
  const root = path.join(args.commonDir, 'specgate');
  const entries: CacheEntry[] = [];
  const caches: CacheSummary[] = [];
  const summarise = (kind: CacheKind, location: string, of: CacheEntry[]) => {
    const lastUsedMs = Math.max(...of.map((entry) => entry.lastUsedMs));
    caches.push({
      kind,
      location,
      entries: of.length,
      bytes: of.reduce((sum, entry) => sum + entry.bytes, 0),
      ...(of.length > 0 && { lastUsed: new Date(lastUsedMs).toISOString() }),
    });
    entries.push(...of);
  };

  if (args.notes) caches.push(await surveyResults(args.notes));

  const prepareDir = path.join(root, 'cache', 'prepare');
  const names = await readdir(prepareDir).catch(() => [] as string[]);
  const inUse = new Set(
    names.flatMap((name) => {
      const match = USE_MARKER.exec(name);
      return match && isPidAlive(Number(match[2])) ? [match[1]] : [];
    }),
  );
  const workspaces: CacheEntry[] = [];
  for (const name of names.filter((n) => PREPARE_KEY.test(n))) {
    const entryPath = path.join(prepareDir, name);
    const measured = await measureDir(entryPath);
    if (!measured) continue;
    const complete = await stat(path.join(entryPath, '.complete')).catch(() => undefined);
    workspaces.push({
      kind: 'workspaces',
      path: entryPath,
      bytes: measured.bytes,
      lastUsedMs: complete?.mtimeMs ?? measured.lastUsedMs,
      inUse: inUse.has(name),
    });
  }
  summarise('workspaces', prepareDir, workspaces);

  const merges = path.join(root, 'cache', 'merges');
  const memo = await measureDir(merges);
  summarise('merges', merges, memo ? [{ kind: 'merges', path: merges, ...memo, inUse: false }] : []);

  summarise(
    'logs',
    path.join(args.gitdir, 'specgate', 'logs'),
    await childEntries('logs', path.join(args.gitdir, 'specgate', 'logs')),
  );
  const artifacts = path.join(root, 'artifacts');
  summarise('artifacts', artifacts, await childEntries('artifacts', artifacts));
  return { caches, entries };
}

async function childEntries(kind: CacheKind, dir: string): Promise<CacheEntry[]> {
  const found: CacheEntry[] = [];
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
    const entryPath = path.join(dir, name);
    const measured = await measureDir(entryPath);
    if (measured) found.push({ kind, path: entryPath, ...measured, inUse: false });
  }
  return found;
}

async function surveyResults(access: NotesAccess): Promise<CacheSummary> {
  let entries = 0;
  let bytes = 0;
  let lastUsed: string | undefined;
  await withNotes(async () => {
    const { notes } = await access.read(RESULTS_REF);
    for (const blob of notes.values()) {
      const text = await access.readText(blob);
      bytes += Buffer.byteLength(text);
      for (const entry of parseCacheNote(text).values()) {
        entries += 1;
        if (lastUsed === undefined || entry.run.at > lastUsed) lastUsed = entry.run.at;
      }
    }
  });
  return { kind: 'results', location: RESULTS_REF, entries, bytes, ...(lastUsed && { lastUsed }) };
}
