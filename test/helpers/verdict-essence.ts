import type { PipelineResult } from '../../src/core/types.js';

/**
 * What a user reads off a verdict, per change: its result, the state it was decided on, the message and
 * its jobs' results — the parts two runs must agree on when one is cached or sharded and the other not.
 */
export const verdictEssence = (result: PipelineResult) =>
  result.changes.map((c) => ({
    id: c.id,
    result: c.result,
    includes: c.includes,
    speculativeSha: c.speculativeSha,
    message: c.message,
    jobs: c.jobs.map((j) => [j.name, j.result]),
  }));
