import { expect } from 'chai';
import { isCommandNotFound } from '../../../../src/core/jobs/is-command-not-found.js';

describe('isCommandNotFound', () => {
  it('holds for a FAILURE or RETRY_LIMIT whose last run exited with status 127, and nothing else', () => {
    expect(isCommandNotFound({ result: 'FAILURE', message: 'exited with status 127' })).to.equal(true);
    expect(
      isCommandNotFound({ result: 'RETRY_LIMIT', message: 'failed 2 times, last: exited with status 127' }),
    ).to.equal(true);
    expect(isCommandNotFound({ result: 'FAILURE', message: 'exited with status 1' })).to.equal(false);
    expect(isCommandNotFound({ result: 'FAILURE', message: 'exited with status 1270' })).to.equal(false);
    expect(
      isCommandNotFound({ result: 'RETRY_LIMIT', message: 'failed 2 times, last: exited with status 1' }),
    ).to.equal(false);
    expect(isCommandNotFound({ result: 'ERROR', message: 'exited with status 127' })).to.equal(false);
    expect(isCommandNotFound({ result: 'FAILURE' })).to.equal(false);
    expect(isCommandNotFound({ result: 'FAILURE', message: 'killed by SIGKILL' })).to.equal(false);
  });
});
