/**
 * Whether running the job again on the same tree would give `result` again, so that the result cache may
 * answer with it: SUCCESS, FAILURE and RETRY_LIMIT (every attempt failed). Not a timeout or a job that could
 * not start (ERROR), which depend on the machine and the moment, nor SKIPPED or ABORTED, which say nothing
 * of the job itself.
 */
export function isRepeatableResult(result: string): result is 'SUCCESS' | 'FAILURE' | 'RETRY_LIMIT' {
  return result === 'SUCCESS' || result === 'FAILURE' || result === 'RETRY_LIMIT';
}
