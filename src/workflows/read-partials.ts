import path from 'node:path';
import type { PartialResult } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import type { FileSystem } from './adapters.js';

/**
 * Reads the partial results written by `check`/`gate --shard i/n --json`. A file that cannot be read or
 * is not a partial result is a user error naming it.
 */
export async function readPartials(args: {
  cwd: string;
  files: string[];
  adapters: { files: Pick<FileSystem, 'readTextOrThrow'> };
}): Promise<PartialResult[]> {
  return Promise.all(
    args.files.map(async (file) => {
      const bad = (why: string) => new UserError('BAD_PARTIAL', `${file}: ${why}`);
      let text: string;
      try {
        text = await args.adapters.files.readTextOrThrow(path.resolve(args.cwd, file));
      } catch (error) {
        throw bad(`cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw bad('not JSON; expected the output of --shard i/n --json');
      }
      const partial = value as Partial<PartialResult>;
      if (partial?.partial?.version !== 1)
        throw bad('not a partial result of this specgate (expected the output of --shard i/n --json)');
      const shaped =
        (partial.mode === 'check' || partial.mode === 'gate') &&
        typeof partial.partial.inputs === 'string' &&
        Number.isInteger(partial.partial.shard?.index) &&
        Number.isInteger(partial.partial.shard?.total) &&
        typeof partial.target?.ref === 'string' &&
        Array.isArray(partial.changes) &&
        Array.isArray(partial.units) &&
        Array.isArray(partial.results) &&
        partial.results.every(
          (result) =>
            typeof result?.tree === 'string' &&
            typeof result.job === 'string' &&
            typeof result.key === 'string' &&
            (['SUCCESS', 'FAILURE', 'RETRY_LIMIT'].includes(result.run?.result) ||
              (result.transient === true && ['TIMED_OUT', 'ERROR'].includes(result.run?.result))) &&
            typeof result.run.attempts === 'number' &&
            typeof result.run.durationMs === 'number' &&
            typeof result.run.at === 'string',
        );
      if (!shaped) throw bad('a partial result with missing or malformed fields');
      return partial as PartialResult;
    }),
  );
}
