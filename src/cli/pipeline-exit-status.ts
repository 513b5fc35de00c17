import type { PartialResult, PipelineResult } from '../core/types.js';
import { EXIT, type ExitStatus } from '../errors/exit-status.js';

/**
 * The exit status of a pipeline run (`plan`, `check`, `gate`, `report merge`): 2 when a
 * `--merge` or `--tag` was refused (after the verdict was printed), else 1 when some change was rejected,
 * else 0. A shard's partial result is 0 once its work is done: the verdict is `report merge`'s.
 */
export function pipelineExitStatus(
  result: PipelineResult | PartialResult | (PipelineResult & { refused?: unknown }),
): ExitStatus {
  if ('partial' in result) return EXIT.passed;
  if ('refused' in result && result.refused !== undefined) return EXIT.badInput;
  return result.verdict === 'SUCCESS' ? EXIT.passed : EXIT.rejected;
}
