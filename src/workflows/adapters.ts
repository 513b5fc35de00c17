import type { loadConfigFile } from '../config/load-config-file.js';
import type { readConfig } from '../config/read-config.js';
import type { HistoryComparison } from '../git/history/compare-histories.js';
import type { FastForwardResult } from '../git/worktree/fast-forward-worktree.js';
import type { HookLocation } from '../git/hooks/locate-hook.js';
import type { OntoStateResult } from '../git/merge-modes/merge-onto-state.js';
import type { MergeMemo } from '../merge-memo/open-merge-memo.js';
import type { CommitInfo } from '../git/object-database/read-commit.js';
import type { RefUpdate } from '../git/refs/update-ref-if.js';
import type { Limiter } from '../jobs/create-limiter.js';
import type { WorkDir } from '../jobs/create-work-dir.js';
import type { prepareWorkspace } from '../jobs/prepare-workspace.js';
import type { NotesAccess } from '../result-cache/notes-access.js';
import type { CacheEntry, ResultCache } from '../result-cache/create-result-cache.js';
import type { GlobCompiler } from '../core/jobs/choose-jobs.js';
import type { runJobGraph } from '../jobs/run-job-graph.js';
import type { surveyCaches } from '../caches/survey-caches.js';
import type { removeCacheEntries } from '../caches/remove-cache-entries.js';

/**
 * Everything a workflow does to the world, handed to it in one object (STYLE.md rule 4): the real one is
 * built once, by `createAdapters` in the command layer; unit tests pass fakes. No workflow opens a
 * repository, touches the file system or spawns a process except through these.
 */
export interface Adapters {
  git: GitAdapter;
  config: ConfigAdapter;
  files: FileSystem;
  jobs: JobsAdapter;
  hooks: HooksAdapter;
  caches: CachesAdapter;
}

/** The caches under `.git/specgate`: what they hold, and removing entries of them. */
export interface CachesAdapter {
  survey: typeof surveyCaches;
  remove: typeof removeCacheEntries;
}

/** Opens repositories. */
export interface GitAdapter {
  /**
   * The repository containing `cwd`, as git finds it (`GIT_DIR`, `GIT_WORK_TREE`, a `.git` file…); a user
   * error when there is none. Each call reads the repository anew (a fresh run's view of its refs).
   */
  open(args: { cwd: string }): Repository;
}

/**
 * One repository, with the run's memos: what the workflows read and write in it. Every method is the
 * `src/git` function of the same name, bound to this repository.
 */
export interface Repository {
  /** The working tree root, when the repository has one. */
  dir?: string;
  /** The git directory (`.git`, or the repository itself when bare). */
  gitdir: string;
  /** The common git directory (objects, shared refs, config, specgate's caches). */
  commonDir: string;
  /** A revision (branch, tag, commit id, `HEAD~2`…) as a commit id; `UNKNOWN_REF` when it names none. */
  resolveCommitish(spec: string): Promise<string>;
  /** A ref name as `git rev-parse` resolves it, from the refs as they were read; undefined when none. */
  resolveRefName(name: string): string | undefined;
  /** A full ref's value read now, from disk (not from any memo). */
  readRefNow(ref: string): string | undefined;
  /** Compare-and-swap of a ref in the common directory, with a reflog entry. */
  updateRefIf(args: { ref: string; expected: string | undefined; value: string; message: string }): RefUpdate;
  /** The branch HEAD names (`ref: refs/heads/<branch>`), or undefined (detached, unreadable). */
  headBranch(): string | undefined;
  /** See `fastForwardWorktree` in src/git. */
  fastForwardWorktree(args: {
    branch: string;
    from: string;
    to?: string;
    message?: string;
    signal?: AbortSignal;
    andThen?: () => void;
  }): Promise<FastForwardResult>;
  compareHistories(tip: string, target: string): Promise<HistoryComparison>;
  readCommit(oid: string): Promise<CommitInfo>;
  /** Whether a commit and its root tree are both there (git gc prunes object by object). */
  hasCommitAndTree(oid: string): Promise<boolean>;
  listChangedFiles(args: { tip: string; base?: string }): Promise<string[]>;
  /** The blob at `path` in the tree of commit (or tree) `oid`; undefined where that tree has no file there. */
  readBlobAt(oid: string, path: string): Promise<{ oid: string; content: Buffer } | undefined>;
  mergeOntoState(args: { state: string; change: string; message: string }): Promise<OntoStateResult>;
  cherryPickOntoState(args: {
    state: string;
    change: string;
    target: string;
    dependencies: string[];
  }): Promise<OntoStateResult>;
  squashOntoState(args: {
    state: string;
    change: string;
    changeId: string;
    target: string;
    dependencies: string[];
  }): Promise<OntoStateResult>;
  /** The merges of earlier runs (`.git/specgate/cache/merges`). */
  openMergeMemo(): MergeMemo;
  /** Writes the commit's tree into a new or empty `dir`, as a clean checkout. */
  materializeState(args: { commitOid: string; dir: string }): Promise<void>;
  /** Turns a state checkout into `commitOid`'s, path by path. */
  updateState(args: { dir: string; commitOid: string }): Promise<unknown>;
  /** The repository's git notes (the result cache's store). */
  notes: NotesAccess;
  /** Closes the repository's object database (its pack files and memos); a later read reopens them. */
  close(): Promise<void>;
}

/** Reads specgate's configuration. */
export interface ConfigAdapter {
  read: typeof readConfig;
  /** The raw file (before validation), for what the normalised config drops (abstract jobs). */
  loadFile: typeof loadConfigFile;
}

/**
 * The few file-system operations workflows need, on absolute paths: synchronous for the small files of
 * hooks and configuration, asynchronous where a run reads partial results or removes a state directory.
 */
export interface FileSystem {
  /** The file's text, or undefined when it cannot be read (absent, a directory, no permission). */
  readText(file: string): string | undefined;
  /** Like `readText`, but the error (with its `code`) when it cannot be read. */
  readTextOrThrow(file: string): Promise<string>;
  writeText(file: string, text: string, options?: { mode?: number }): void;
  /** Whether anything is at `file` (a dangling symbolic link too). */
  exists(file: string): boolean;
  /** What is at `file`: a directory, something else, or nothing. */
  kind(file: string): 'directory' | 'other' | undefined;
  list(dir: string): string[];
  rename(from: string, to: string): void;
  makeDirectory(dir: string): void;
  chmod(file: string, mode: number): void;
  /** Removes a file, or a directory and everything in it; nothing there is not an error. */
  remove(file: string): Promise<void>;
  removeSync(file: string): void;
}

/** Running jobs, and the places their runs use. */
export interface JobsAdapter {
  runJobGraph: typeof runJobGraph;
  /** Compiles a file matcher's glob (picomatch, loaded on first use). */
  compileGlob: GlobCompiler;
  prepareWorkspace: typeof prepareWorkspace;
  /** A pool of `concurrency` slots (default: the number of CPUs). */
  createLimiter(concurrency?: number): Limiter;
  /** The log directory of a new run under `<gitdir>/specgate/logs/`. */
  createRunLogDir(args: { gitdir: string }): Promise<string>;
  /** Where the state directories of a run go (`--work-dir`, else a temporary directory). */
  createWorkDir(args: { requested?: string }): Promise<WorkDir>;
  /** The result cache of a run, on the git notes `notes` (see `openResultCache`). */
  openResultCache(args: {
    notes: NotesAccess;
    readStore: boolean;
    given?: readonly CacheEntry[];
    warn?: (message: string) => void;
  }): ResultCache;
}

/** Where git runs the pre-push hook from. */
export interface HooksAdapter {
  locate(args: { cwd: string }): HookLocation;
}
