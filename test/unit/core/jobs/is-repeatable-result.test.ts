import { expect } from 'chai';
import { isRepeatableResult } from '../../../../src/core/jobs/is-repeatable-result.js';
import type { JobResult } from '../../../../src/core/types.js';

describe('isRepeatableResult', () => {
  it('holds for SUCCESS, FAILURE and RETRY_LIMIT only: the results the result cache may answer with', () => {
    const all: JobResult[] = [
      'SUCCESS',
      'FAILURE',
      'TIMED_OUT',
      'SKIPPED',
      'ABORTED',
      'RETRY_LIMIT',
      'ERROR',
    ];
    expect(all.filter(isRepeatableResult)).to.deep.equal(['SUCCESS', 'FAILURE', 'RETRY_LIMIT']);
    expect(isRepeatableResult('success')).to.equal(false);
  });
});
