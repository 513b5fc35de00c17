import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GitContext } from '../git/git-context.js';
import { locateHook } from '../git/hooks/locate-hook.js';
import { openMergeMemo } from '../merge-memo/open-merge-memo.js';
import { openRepository } from '../git/open-repository.js';
import { readRefNow } from '../git/refs/read-ref-now.js';
import { removeReflog } from '../git/refs/remove-reflog.js';
import { resolveRefName } from '../git/refs/resolve-ref-name.js';
import { updateRefIf } from '../git/refs/update-ref-if.js';
import { compileGlob } from '../jobs/compile-glob.js';
import type { Limiter } from '../jobs/create-limiter.js';
import type { NotesAccess } from '../result-cache/notes-access.js';
import type { Adapters, Repository } from '../workflows/adapters.js';
import { openResultCache } from '../result-cache/open-result-cache.js';

/**
 * The real adapters of every workflow, built in this one place (the composition root) for the commands.
 * What only some commands need (configuration loading, the merge engine, checkout, notes, the job runner)
 * is loaded on first use, so that `hook install` does not pay at start-up for the merge engine.
 */
export function createAdapters(): Adapters {
  return {
    git: { open: ({ cwd }) => bindRepository(openRepository({ cwd })) },
    config: {
      read: async (args) => (await config()).readConfig(args),
      loadFile: async (args) => (await config()).loadConfigFile(args),
    },
    files: {
      readText: (file) => {
        try {
          return fs.readFileSync(file, 'utf8');
        } catch {
          return undefined;
        }
      },
      readTextOrThrow: (file) => fs.promises.readFile(file, 'utf8'),
      writeText: (file, text, options) => {
        fs.writeFileSync(file, text, options?.mode === undefined ? undefined : { mode: options.mode });
      },
      exists: (file) => {
        try {
          fs.lstatSync(file);
          return true;
        } catch {
          return false;
        }
      },
      kind: (file) => {
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        return stat === undefined ? undefined : stat.isDirectory() ? 'directory' : 'other';
      },
      list: (dir) => fs.readdirSync(dir),
      rename: (from, to) => fs.renameSync(from, to),
      makeDirectory: (dir) => fs.mkdirSync(dir, { recursive: true }),
      chmod: (file, mode) => fs.chmodSync(file, mode),
      remove: (file) => fs.promises.rm(file, { recursive: true, force: true }),
      removeSync: (file) => fs.rmSync(file, { recursive: true, force: true }),
    },
    jobs: {
      runJobGraph: async (args) => (await import('../jobs/run-job-graph.js')).runJobGraph(args),
      prepareWorkspace: async (args) => (await import('../jobs/prepare-workspace.js')).prepareWorkspace(args),
      createLimiter: (concurrency) => lazyLimiter(concurrency ?? os.availableParallelism()),
      createRunLogDir: async (args) => (await import('../jobs/create-run-log-dir.js')).createRunLogDir(args),
      createWorkDir: async (args) => (await import('../jobs/create-work-dir.js')).createWorkDir(args),
      compileGlob,
      openResultCache,
    },
    hooks: { locate: locateHook },
    // Loaded when a run keeps a size bound or a `cache` command asks: most runs never read them.
    caches: {
      survey: async (args) => (await import('../caches/survey-caches.js')).surveyCaches(args),
      remove: async (args) => (await import('../caches/remove-cache-entries.js')).removeCacheEntries(args),
    },
  };
}

/** Loads a module once, on the first call: later calls cost one resolved promise, not a module lookup. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

const config = once(async () => ({
  ...(await import('../config/read-config.js')),
  ...(await import('../config/load-config-file.js')),
}));
const history = once(async () => {
  const [compare, commits, commitish, objects] = await Promise.all([
    import('../git/history/compare-histories.js'),
    import('../git/object-database/read-commit.js'),
    import('../git/refs/resolve-commitish.js'),
    import('../git/object-database/read-object.js'),
  ]);
  return { ...compare, ...commits, ...commitish, ...objects };
});
// What only job selection reads (gate, check, jobs): the files a change touches, a blob of its tree.
const trees = once(async () => {
  const [changed, blobs] = await Promise.all([
    import('../git/history/list-changed-files.js'),
    import('../git/object-database/read-blob-at.js'),
  ]);
  return { ...changed, ...blobs };
});
const merges = once(async () => ({
  ...(await import('../git/merge-modes/merge-onto-state.js')),
  ...(await import('../git/merge-modes/cherry-pick-onto-state.js')),
  ...(await import('../git/merge-modes/squash-onto-state.js')),
}));
const checkout = once(async () => ({
  ...(await import('../git/checkout/materialize-state.js')),
  ...(await import('../git/checkout/update-state.js')),
}));
const worktree = once(() => import('../git/worktree/fast-forward-worktree.js'));

/** The repository of `ctx` as workflows see it: every git function bound to this one context. */
function bindRepository(ctx: GitContext): Repository {
  const commonDir = path.dirname(ctx.objectsDir);
  return {
    dir: ctx.dir,
    gitdir: ctx.gitdir,
    commonDir,
    resolveCommitish: async (spec) => (await history()).resolveCommitish(ctx, spec),
    resolveRefName: (name) => resolveRefName(ctx, name),
    readRefNow: (ref) => readRefNow({ fs: ctx.fs, commonDir, ref }),
    updateRefIf: (args) => updateRefIf({ fs: ctx.fs, gitdir: commonDir, ...args }),
    headBranch: () => {
      try {
        const head = ctx.fs.readFileSync(path.join(ctx.gitdir, 'HEAD'), 'utf8').trim();
        return head.startsWith('ref: refs/heads/') ? head.slice('ref: refs/heads/'.length) : undefined;
      } catch {
        return undefined;
      }
    },
    fastForwardWorktree: async (args) => (await worktree()).fastForwardWorktree({ ctx, ...args }),
    compareHistories: async (tip, target) => (await history()).compareHistories(ctx, tip, target),
    readCommit: async (oid) => (await history()).readCommit(ctx, oid),
    hasCommitAndTree: async (oid) => {
      const { readCommit, readObject } = await history();
      try {
        await readObject(ctx, (await readCommit(ctx, oid)).tree);
        return true;
      } catch {
        return false;
      }
    },
    listChangedFiles: async (args) => (await trees()).listChangedFiles(ctx, args),
    readBlobAt: async (oid, file) => (await trees()).readBlobAt(ctx, oid, file),
    mergeOntoState: async (args) => (await merges()).mergeOntoState({ ctx, ...args }),
    cherryPickOntoState: async (args) => (await merges()).cherryPickOntoState({ ctx, ...args }),
    squashOntoState: async (args) => (await merges()).squashOntoState({ ctx, ...args }),
    openMergeMemo: () => openMergeMemo(ctx),
    materializeState: async (args) => (await checkout()).materializeState({ ctx, ...args }),
    updateState: async (args) => (await checkout()).updateState({ ctx, ...args }),
    notes: lazyNotes(ctx),
    close: () => ctx.objectDatabase.close(),
  };
}

/**
 * A limiter of `n` slots whose module is loaded when the first task asks for a slot: plan, jobs and
 * checkout never run a job. Tasks keep the order (priority, then arrival) they asked in, the load included.
 */
function lazyLimiter(n: number): Limiter {
  const limiter = once(async () => (await import('../jobs/create-limiter.js')).createLimiter(n));
  return { run: async (task, signal, priority) => (await limiter()).run(task, signal, priority) };
}

/** The git notes of `ctx`, their plumbing loaded on first use (most commands never read notes). */
function lazyNotes(ctx: GitContext): NotesAccess {
  const bound = once(async () => (await import('../result-cache/git-notes-access.js')).gitNotesAccess(ctx));
  return {
    read: async (ref) => (await bound()).read(ref),
    readText: async (blob) => (await bound()).readText(blob),
    update: async (ref, args) => (await bound()).update(ref, args),
    removeReflog: (ref) => removeReflog(ctx, ref),
  };
}
