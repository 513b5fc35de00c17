import type { JobDefinition, Mode, PrepareStep } from '../core/types.js';
import type { ConfigFile } from './config-schema.js';

/** How a change is brought onto its speculative state (`merge`, `cherry-pick`, `squash-merge`). */
export type MergeMode = ConfigFile['merge-mode'];

/** The configuration after validation and normalisation: every default applied, every parent resolved. */
export interface SpecgateConfig {
  /** File the configuration came from, or undefined when none was found. */
  filepath?: string;
  target?: string;
  mergeMode: MergeMode;
  allowCircularDependencies: boolean;
  /** Every concrete (non-abstract) job, in declaration order. */
  jobs: JobDefinition[];
  /** Names of the jobs each pipeline runs. */
  pipelines: Record<Mode, string[]>;
  /** Steps that prepare each state's workspace before its jobs (e.g. `npm ci`), cached by key. */
  prepare: PrepareStep[];
  /** `cache.max-size` in bytes: the caches under `.git/specgate` are pruned to it after every run. */
  cacheMaxBytes?: number;
}

/** One problem found in a configuration file, located by its key path (`jobs.unit.timeout`). */
export interface ConfigProblem {
  path: string;
  message: string;
}
