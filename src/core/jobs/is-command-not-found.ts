/**
 * Whether a job's result is the shell's "command not found" (exit status 127, last attempt included: a
 * FAILURE `exited with status 127`, a RETRY_LIMIT `failed N times, last: exited with status 127`), as the job
 * runner words it. That says more of the machine than of the change — a tool not installed yet, a prepare
 * step missing — so the result cache must not keep it: the next run, on a machine that has the tool, runs
 * the job again.
 */
export function isCommandNotFound(outcome: { result: string; message?: string }): boolean {
  return (
    (outcome.result === 'FAILURE' || outcome.result === 'RETRY_LIMIT') &&
    /(^|: )exited with status 127$/.test(outcome.message ?? '')
  );
}
