import { removeCacheEntries } from '../../../src/caches/remove-cache-entries.js';
import { surveyCaches } from '../../../src/caches/survey-caches.js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SpecgateConfig } from '../../../src/config/types.js';
import { UserError } from '../../../src/errors/specgate-error.js';
import type { CommitInfo } from '../../../src/git/object-database/read-commit.js';
import type { JobOutcome, JobResult } from '../../../src/core/types.js';
import { compileGlob } from '../../../src/jobs/compile-glob.js';
import { createLimiter } from '../../../src/jobs/create-limiter.js';
import type { Adapters, FileSystem, JobsAdapter, Repository } from '../../../src/workflows/adapters.js';
import { openResultCache } from '../../../src/result-cache/open-result-cache.js';

/**
 * An in-memory repository: commits with parents and messages, refs, and the `Repository` methods the
 * queue, scope and plan workflows use, answered from that graph. Methods a test does not need throw, so a
 * workflow that starts using one is noticed.
 */
export interface FakeRepository extends Repository {
  /** A new commit on `branch` (or on `parents`), moving the branch to it; its id. */
  commit(branch: string, message: string, options?: { parents?: string[]; files?: string[] }): string;
  /** Points `name` (a branch, or `refs/…`) at `oid`. */
  setRef(name: string, oid: string): void;
  /** The calls made, by method, for tests that assert what was (not) asked. */
  calls: string[];
}

export function fakeRepository(options: { dir?: string; gitdir?: string } = {}): FakeRepository {
  const commits = new Map<string, CommitInfo & { files: string[] }>();
  const refs = new Map<string, string>();
  const calls: string[] = [];
  let counter = 0;
  const notFaked = (name: string) => () => {
    throw new Error(`fakeRepository: ${name} is not faked`);
  };
  const resolve = (spec: string): string | undefined => {
    for (const name of [spec, `refs/heads/${spec}`, `refs/tags/${spec}`, `refs/remotes/${spec}`]) {
      const oid = refs.get(name);
      if (oid !== undefined) return oid;
    }
    return commits.has(spec) ? spec : undefined;
  };
  const ancestors = (oid: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [oid];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...commits.get(next)!.parents);
    }
    return seen;
  };
  const repository: FakeRepository = {
    dir: options.dir ?? '/repo',
    gitdir: options.gitdir ?? '/repo/.git',
    commonDir: options.gitdir ?? '/repo/.git',
    calls,
    commit(branch, message, { parents, files = [] } = {}) {
      counter += 1;
      const oid = createHash('sha1').update(`fake ${counter}`).digest('hex');
      const from = parents ?? (refs.has(`refs/heads/${branch}`) ? [refs.get(`refs/heads/${branch}`)!] : []);
      const author = { name: 'A U Thor', email: 'author@example.com', timestamp: counter, timezoneOffset: 0 };
      commits.set(oid, {
        oid,
        tree: `${oid.slice(0, 39)}t`,
        parents: from,
        message,
        committerTime: counter,
        author,
        files,
      });
      refs.set(`refs/heads/${branch}`, oid);
      return oid;
    },
    setRef(name, oid) {
      refs.set(name.startsWith('refs/') ? name : `refs/heads/${name}`, oid);
    },
    async resolveCommitish(spec) {
      calls.push(`resolveCommitish ${spec}`);
      const oid = resolve(spec);
      if (oid === undefined) throw new UserError('UNKNOWN_REF', `unknown revision '${spec}'`);
      return oid;
    },
    resolveRefName: (name) => resolve(name),
    readRefNow: (ref) => refs.get(ref),
    headBranch: () => undefined,
    async compareHistories(tip, target) {
      calls.push(`compareHistories ${tip.slice(0, 7)} ${target.slice(0, 7)}`);
      const fromTarget = ancestors(target);
      const common = [...ancestors(tip)].filter((oid) => fromTarget.has(oid));
      // Best common ancestors: those no other common ancestor descends from.
      const mergeBases = common.filter(
        (oid) => !common.some((other) => other !== oid && ancestors(other).has(oid)),
      );
      const tipOnly = [...ancestors(tip)]
        .filter((oid) => !fromTarget.has(oid))
        .map((oid) => commits.get(oid)!)
        .sort((a, b) => b.committerTime - a.committerTime);
      return { mergeBases, tipOnly };
    },
    async readCommit(oid) {
      const commit = commits.get(oid);
      if (!commit) throw new Error(`fakeRepository: no commit ${oid}`);
      return commit;
    },
    async hasCommitAndTree(oid) {
      return commits.has(oid);
    },
    async listChangedFiles({ tip, base }) {
      const fromBase = base === undefined ? new Set<string>() : ancestors(base);
      const files = [...ancestors(tip)]
        .filter((oid) => !fromBase.has(oid))
        .flatMap((oid) => commits.get(oid)!.files);
      return [...new Set(files)].sort();
    },
    async readBlobAt() {
      return undefined;
    },
    async close() {},
    async mergeOntoState({ state, change, message }) {
      calls.push(`merge ${change.slice(0, 7)} onto ${state.slice(0, 7)}`);
      // Deterministic, as specgate's merge commits are: the same merge again is the same commit.
      const oid = createHash('sha1').update(`merge ${state} ${change} ${message}`).digest('hex');
      if (commits.has(oid)) return { clean: true, oid };
      counter += 1;
      const info = commits.get(change)!;
      commits.set(oid, {
        ...info,
        oid,
        tree: `${oid.slice(0, 39)}t`,
        parents: [state, change],
        message,
        committerTime: counter,
        files: [],
      });
      return { clean: true, oid };
    },
    updateRefIf: notFaked('updateRefIf'),
    fastForwardWorktree: notFaked('fastForwardWorktree'),
    cherryPickOntoState: notFaked('cherryPickOntoState'),
    squashOntoState: notFaked('squashOntoState'),
    openMergeMemo: () => {
      const memo = new Map<string, unknown>();
      return {
        get: (inputs) => memo.get(JSON.stringify(inputs)) as never,
        set: (inputs, result) => void memo.set(JSON.stringify(inputs), result),
      };
    },
    materializeState: notFaked('materializeState'),
    updateState: notFaked('updateState'),
    notes: {
      read: notFaked('notes.read'),
      readText: notFaked('notes.readText'),
      update: notFaked('notes.update'),
      removeReflog: notFaked('notes.removeReflog'),
    },
  };
  return repository;
}

/** A file system in a Map: path → text (directories are the parents of files, or made explicitly). */
export function memoryFiles(
  initial: Record<string, string> = {},
): FileSystem & { files: Map<string, string>; modes: Map<string, number> } {
  const files = new Map(Object.entries(initial));
  const directories = new Set<string>();
  const modes = new Map<string, number>();
  const isDirectory = (dir: string) =>
    directories.has(dir) || [...files.keys()].some((file) => file.startsWith(`${dir}/`));
  return {
    files,
    modes,
    readText: (file) => files.get(file),
    readTextOrThrow: async (file) => {
      const text = files.get(file);
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), {
          code: 'ENOENT',
        });
      return text;
    },
    writeText: (file, text, options) => {
      files.set(file, text);
      if (options?.mode !== undefined) modes.set(file, options.mode);
    },
    exists: (file) => files.has(file) || isDirectory(file),
    kind: (file) => (files.has(file) ? 'other' : isDirectory(file) ? 'directory' : undefined),
    list: (dir) => [
      ...new Set(
        [...files.keys()]
          .filter((file) => file.startsWith(`${dir}/`))
          .map((file) => file.slice(dir.length + 1).split('/')[0]),
      ),
    ],
    rename: (from, to) => {
      const text = files.get(from);
      if (text === undefined) throw new Error(`ENOENT: ${from}`);
      files.delete(from);
      files.set(to, text);
      if (modes.has(from)) modes.set(to, modes.get(from)!);
      modes.delete(from);
    },
    makeDirectory: (dir) => void directories.add(dir),
    chmod: (file, mode) => void modes.set(file, mode),
    remove: async (file) => {
      for (const name of [...files.keys()])
        if (name === file || name.startsWith(`${file}/`)) files.delete(name);
    },
    removeSync: (file) => {
      for (const name of [...files.keys()])
        if (name === file || name.startsWith(`${file}/`)) files.delete(name);
    },
  };
}

/** A configuration as `readConfig` returns it, with `fields` over the defaults. */
export function fakeConfig(fields: Partial<SpecgateConfig> = {}): SpecgateConfig {
  return {
    jobs: [],
    pipelines: { check: [], gate: [] },
    prepare: [],
    mergeMode: 'merge',
    allowCircularDependencies: false,
    ...fields,
  } as SpecgateConfig;
}

/** Adapters whose every part throws unless a test gives it. */
export function fakeAdapters(
  parts: Omit<Partial<Adapters>, 'config'> & {
    repository?: Repository;
    config?: SpecgateConfig | Adapters['config'];
  },
): Adapters {
  // What is not faked rejects when called; `real` parts (pure ones, such as compiling a glob) are used as they are.
  const unused = (what: string, real: Record<string, unknown> = {}): object =>
    new Proxy(real, {
      get: (target, name) =>
        name in target
          ? target[name as string]
          : () => Promise.reject(new Error(`fakeAdapters: ${what}.${String(name)} is not faked`)),
    });
  const { repository, config } = parts;
  const configAdapter: Adapters['config'] | undefined =
    config === undefined
      ? undefined
      : 'read' in config
        ? config
        : { read: async () => config, loadFile: async () => undefined };
  return {
    git: parts.git ?? (repository ? { open: () => repository } : (unused('git') as Adapters['git'])),
    config: configAdapter ?? (unused('config') as Adapters['config']),
    files: parts.files ?? (unused('files') as Adapters['files']),
    jobs: parts.jobs ?? (unused('jobs', { compileGlob }) as Adapters['jobs']),
    hooks: parts.hooks ?? (unused('hooks') as Adapters['hooks']),
    // The cache workflows' tests survey and prune real directories they build in a temporary `.git`.
    caches: parts.caches ?? { survey: surveyCaches, remove: removeCacheEntries },
  };
}

export const posix = path.posix;

/**
 * Git notes in memory, as `Repository['notes']`: `texts` maps an annotated tree to its note's text (the
 * blob id is `blob:<tree>`); `update` applies the edit to them and records what it was asked.
 */
export function fakeNotes(texts: Record<string, string> = {}) {
  const notes = new Map(Object.entries(texts));
  const updates: Array<{ ref: string; message: string; replace?: boolean }> = [];
  const removedReflogs: string[] = [];
  let reads = 0;
  const snapshot = () => ({
    commit: notes.size > 0 ? 'n'.repeat(40) : undefined,
    notes: new Map([...notes.keys()].map((tree) => [tree, `blob:${tree}`])),
  });
  const api: Repository['notes'] = {
    read: async () => {
      reads += 1;
      return snapshot();
    },
    readText: async (blob) => {
      const text = notes.get(blob.replace(/^blob:/, ''));
      if (text === undefined) throw new Error(`fakeNotes: no blob ${blob}`);
      return text;
    },
    update: async (ref, args) => {
      updates.push({
        ref,
        message: args.message,
        ...(args.replace !== undefined && { replace: args.replace }),
      });
      const edits = await args.edit(snapshot());
      if (args.replace) notes.clear();
      for (const [tree, text] of edits) {
        if (text === null) notes.delete(tree);
        else notes.set(tree, text);
      }
      return { commit: 'n'.repeat(40), changed: edits.size > 0 };
    },
    removeReflog: (ref) => void removedReflogs.push(ref),
  };
  return { api, notes, updates, removedReflogs, reads: () => reads };
}

/** A partial result as `--shard i/n --json` writes it. */
export function partial(index: number, total: number, fields: Record<string, unknown> = {}) {
  return {
    partial: { version: 1, shard: { index, total }, inputs: 'digest' },
    mode: 'check',
    target: { ref: 'main', sha: 'a'.repeat(40) },
    changes: [{ id: 'feature', sha: 'b'.repeat(40) }],
    options: {},
    units: [],
    results: [
      {
        tree: 't'.repeat(40),
        job: 'unit',
        key: 'k',
        run: { result: 'SUCCESS', attempts: 1, durationMs: 5, at: '2026-01-01T00:00:00.000Z' },
      },
    ],
    ...fields,
  };
}

/**
 * A job runner that starts no process: each job's result is `result(job name, the state's
 * SPECGATE_CHANGES)`; work and log directories are names only; the result cache is the real one over
 * `notes`. Records what ran, what was checked out and whether the work directory was cleaned up.
 */
export function fakeJobs(
  result: (job: string, changes: string) => JobResult = () => 'SUCCESS',
  notes = fakeNotes(),
) {
  const ran: Array<{ job: string; changes: string; workspace?: string }> = [];
  const cleanups: boolean[] = [];
  let dirs = 0;
  const jobs: JobsAdapter = {
    runJobGraph: async (args) => {
      return args.jobs.map((job) => {
        const served = args.served?.get(job.name);
        const outcome: JobOutcome = served
          ? {
              name: job.name,
              result: served.result,
              voting: job.voting,
              attempts: served.attempts,
              cached: true,
              durationMs: served.durationMs,
            }
          : {
              name: job.name,
              result: result(job.name, args.env.SPECGATE_CHANGES),
              voting: job.voting,
              attempts: 1,
              cached: false,
              durationMs: 1,
            };
        if (!served) {
          ran.push({ job: job.name, changes: args.env.SPECGATE_CHANGES, workspace: args.workspace });
          args.onEvent?.({ type: 'start', job: job.name, attempt: 1, log: `${args.logDir}/${job.name}.log` });
        }
        args.onEvent?.({ type: 'end', job: job.name, outcome });
        return outcome;
      });
    },
    prepareWorkspace: async () => ({ ok: true, message: 'nothing to prepare', steps: [] }),
    createLimiter: (concurrency) => createLimiter(concurrency ?? 4),
    createRunLogDir: async ({ gitdir }) => `${gitdir}/specgate/logs/run`,
    createWorkDir: async () => ({
      createStateDir: async (change) => `/work/${++dirs}-${change}`,
      cleanup: async ({ keep }) => void cleanups.push(keep),
    }),
    compileGlob,
    openResultCache: (args) => openResultCache({ ...args, notes: notes.api }),
  };
  return { jobs, ran, cleanups, notes };
}

/** A repository with `main` and one branch per name, each one commit off main; checkouts only recorded. */
export function queueRepository(...names: string[]) {
  const repository = fakeRepository();
  const base = repository.commit('main', 'base');
  for (const name of names) repository.commit(name, name, { parents: [base], files: [`${name}.txt`] });
  const checkedOut: string[] = [];
  const spied: Repository = {
    ...repository,
    materializeState: async ({ dir }) => void checkedOut.push(dir),
    updateState: async ({ dir }) => void checkedOut.push(dir),
  };
  return { repository: spied, base, checkedOut };
}
