import { expect } from 'chai';
import * as path from 'node:path';
import { isCommandNotFound } from '../../../src/core/jobs/is-command-not-found.js';
import { createLimiter } from '../../../src/jobs/create-limiter.js';
import { runJobGraph } from '../../../src/jobs/run-job-graph.js';
import { cleanup, job, tempDir } from './job-fixtures.js';

describe('a job whose command is not found', function () {
  after(cleanup);

  it('is told apart, as the job runner words it, from a command that fails', async function () {
    const outcomes = await runJobGraph({
      jobs: [
        job('missing', 'specgate-no-such-command --version'),
        job('retried', 'specgate-no-such-command', { attempts: 2 }),
        job('fails', 'exit 1'),
      ],
      workspace: await tempDir(),
      env: { SPECGATE: '1' },
      logDir: path.join(await tempDir(), 'logs'),
      limiter: createLimiter(3),
      signal: new AbortController().signal,
    });
    expect(
      outcomes.map((outcome) => [outcome.name, outcome.result, isCommandNotFound(outcome)]),
    ).to.deep.equal([
      ['missing', 'FAILURE', true],
      ['retried', 'RETRY_LIMIT', true],
      ['fails', 'FAILURE', false],
    ]);
  });
});
