import { checkConfigFile } from './check-config-file.js';
import type { ConfigFile } from './config-schema.js';
import { needsOwnRun } from './needs-own-run.js';

/**
 * `raw` as a validated {@link ConfigFile} when the precompiled check (`check-config-file.ts`, generated
 * from the JSON Schema, which is generated from the zod schema) accepts it, without loading zod; else
 * undefined, and the caller validates it with zod, which says what is wrong. Only plain JSON data is taken:
 * YAML's dates, binaries and the like are objects to the JSON Schema but not to zod. The result is a copy
 * with the top-level defaults filled in; `raw` is left as it was.
 */
export function acceptConfigFile(raw: unknown): ConfigFile | undefined {
  if (!isJsonData(raw)) return undefined;
  const copy = structuredClone(raw);
  if (!checkConfigFile(copy)) return undefined;
  const { jobs } = copy as { jobs?: Record<string, unknown> };
  if (jobs && Object.values(jobs).some(needsOwnRun)) return undefined;
  return copy as ConfigFile;
}

/** Plain objects, arrays, strings, finite numbers, booleans and null, all the way down. */
function isJsonData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonData);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every(isJsonData);
}
