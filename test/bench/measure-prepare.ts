import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  prepareWorkspace,
  type PlacementMethod,
  type PrepareOutcome,
} from '../../src/jobs/prepare-workspace.js';
import { prepareWriteProject } from './prepare-write-project.js';

/** One timed preparation of one workspace. */
export interface PrepareSample {
  ms: number;
  /** On a miss, the time of the command itself (from its log): `ms` minus this is storing and placing. */
  commandMs?: number;
  cached: boolean;
  placement?: PlacementMethod;
}

/** What {@link measurePrepare} found; times in milliseconds. */
export interface PrepareMeasurement {
  packages: number;
  files: number;
  directories: number;
  bytes: number;
  /** The install with an empty npm cache (downloads included): a first run on a fresh machine. */
  coldInstall: PrepareSample;
  /** The install with npm's cache warm: the usual miss on a developer's machine, and the ratio's base. */
  warmInstall: PrepareSample;
  /** Placing the cached `node_modules` into each further workspace, with the automatic choice. */
  hits: PrepareSample[];
  /** The same with `placement: 'copy'`, for comparison. */
  copyHits: PrepareSample[];
  /** Largest hit over the warm install: the target is below 0.1. */
  worstRatio: number;
  /** Problems found checking the placed trees; empty when all is well. */
  errors: string[];
}

/**
 * Measures workspace preparation with a real `npm ci`: in `scratch`, a project with a few hundred real
 * packages ({@link prepareWriteProject}); then, each through `prepareWorkspace` with step
 * `{ run: 'npm ci', key: [package-lock.json], paths: [node_modules] }`:
 * 1. a miss with an empty npm cache (a cold install, downloads included), in a cache of its own;
 * 2. a miss with npm's cache now warm, in a second, empty prepare cache;
 * 3. `hits` hits from that cache into as many fresh workspaces (automatic placement: hard links on
 *    ext4), then two hits forced to `copy`.
 * Every placed tree is checked: the same number of files as the installed one, and `mocha --version`,
 * `tsc --version` and `eslint --version` run from it. `sync` runs between samples so that writeback of
 * one does not land in the next. Needs `npm` and the npm registry.
 */
export async function measurePrepare(args: {
  scratch: string;
  cacheRoot?: string;
  hits?: number;
  log: (message: string) => void;
}): Promise<PrepareMeasurement> {
  const { scratch, log } = args;
  const hitCount = args.hits ?? 4;
  fs.mkdirSync(scratch, { recursive: true });
  const npmCache = path.join(scratch, 'npm-cache');
  const project = path.join(scratch, 'project');
  const packages = prepareWriteProject({
    dir: project,
    cacheRoot: args.cacheRoot,
    npmCache: path.join(scratch, 'npm-cache-resolve'),
    log,
  });
  log(`project with ${packages} packages`);
  const step = { run: 'npm ci --no-audit --no-fund', key: ['package-lock.json'], paths: ['node_modules'] };
  const errors: string[] = [];
  let made = 0;

  const prepare = async (
    name: string,
    cacheDir: string,
    placement: 'auto' | PlacementMethod = 'auto',
  ): Promise<{ sample: PrepareSample; workspace: string }> => {
    made += 1;
    const workspace = path.join(scratch, `ws-${String(made).padStart(2, '0')}-${name}`);
    fs.mkdirSync(workspace);
    for (const file of ['package.json', 'package-lock.json'])
      fs.copyFileSync(path.join(project, file), path.join(workspace, file));
    spawnSync('sync');
    const started = performance.now();
    const outcome: PrepareOutcome = await prepareWorkspace({
      steps: [step],
      workspace,
      cacheDir,
      logDir: path.join(scratch, 'logs', path.basename(workspace)),
      env: { SPECGATE: '1', npm_config_cache: npmCache, npm_config_update_notifier: 'false' },
      signal: new AbortController().signal,
      placement,
    });
    const ms = performance.now() - started;
    if (!outcome.ok) throw new Error(`${name}: ${outcome.message}`);
    const logText = fs.readFileSync(outcome.steps[0].log as string, 'utf8');
    const command = /=== specgate: exited with status 0 \((\d+\.\d)s\)/.exec(logText);
    const sample = {
      ms,
      commandMs: command ? Number(command[1]) * 1000 : undefined,
      cached: outcome.steps[0].cached,
      placement: outcome.steps[0].placement,
    };
    const detail = sample.cached ? `hit, ${sample.placement}` : `miss, npm ci ${command?.[1] ?? '?'} s`;
    log(`${name}: ${(ms / 1000).toFixed(3)} s (${detail})`);
    return { sample, workspace };
  };

  const cold = await prepare('cold-install', path.join(scratch, 'prepare-cache-cold'));
  const tree = countTree(path.join(cold.workspace, 'node_modules'));
  const warm = await prepare('warm-install', path.join(scratch, 'prepare-cache'));
  const check = (workspace: string): void => {
    const placed = countTree(path.join(workspace, 'node_modules'));
    if (placed.files !== tree.files || placed.directories !== tree.directories) {
      errors.push(
        `${workspace}: ${placed.files} files, ${placed.directories} directories; installed: ${tree.files}, ${tree.directories}`,
      );
    }
    for (const tool of ['mocha', 'tsc', 'eslint']) {
      const run = spawnSync(path.join(workspace, 'node_modules', '.bin', tool), ['--version'], {
        cwd: workspace,
        encoding: 'utf8',
      });
      if (run.status !== 0)
        errors.push(`${workspace}: ${tool} --version failed: ${run.stderr || run.error?.message}`);
    }
  };
  check(warm.workspace);
  const hits: PrepareSample[] = [];
  for (let n = 1; n <= hitCount; n += 1) {
    const hit = await prepare(`hit-${n}`, path.join(scratch, 'prepare-cache'));
    if (!hit.sample.cached) errors.push(`hit-${n} was not a cache hit`);
    check(hit.workspace);
    hits.push(hit.sample);
  }
  const copyHits: PrepareSample[] = [];
  for (let n = 1; n <= 2; n += 1) {
    const hit = await prepare(`copy-hit-${n}`, path.join(scratch, 'prepare-cache'), 'copy');
    check(hit.workspace);
    copyHits.push(hit.sample);
  }
  return {
    packages,
    ...tree,
    coldInstall: cold.sample,
    warmInstall: warm.sample,
    hits,
    copyHits,
    worstRatio: Math.max(...hits.map((hit) => hit.ms)) / warm.sample.ms,
    errors,
  };
}

function countTree(root: string): { files: number; directories: number; bytes: number } {
  const counts = { files: 0, directories: 0, bytes: 0 };
  const walk = (dir: string): void => {
    counts.directories += 1;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        counts.files += 1;
        counts.bytes += fs.statSync(full).size;
      }
    }
  };
  walk(root);
  return counts;
}
