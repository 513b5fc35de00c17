import type { ChalkInstance } from 'chalk';

import type { ChangeResult, JobResult } from '../core/types.js';

/**
 * Returns `result` styled by what it means to the user: green for success, red for a failure of the code or
 * of a job, yellow for a change held back by something else (conflict, dependency), dim for work that did
 * not count (skipped, aborted). The text itself is unchanged, so level-0 colours give the bare result.
 */
export function colorResult(colors: ChalkInstance, result: ChangeResult | JobResult): string {
  switch (result) {
    case 'SUCCESS':
      return colors.green(result);
    case 'FAILURE':
    case 'TIMED_OUT':
    case 'ERROR':
    case 'RETRY_LIMIT':
      return colors.red(result);
    case 'MERGE_CONFLICT':
    case 'DEPENDENCY_FAILED':
    case 'DEPENDENCY_CYCLE':
      return colors.yellow(result);
    case 'SKIPPED':
    case 'ABORTED':
      return colors.dim(result);
  }
}
