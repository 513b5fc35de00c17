import { expect } from 'chai';
import { detectCi } from '../../../src/report/detect-ci.js';

describe('detectCi', () => {
  it('takes CI set to anything but empty, false or 0 for a CI system', () => {
    for (const value of ['true', '1', 'woodpecker']) expect(detectCi({ CI: value }).ci, value).to.equal(true);
    for (const value of [undefined, '', 'false', '0'])
      expect(detectCi({ CI: value }).ci, String(value)).to.equal(false);
  });

  it('knows GitHub Actions by GITHUB_ACTIONS=true only', () => {
    expect(detectCi({ GITHUB_ACTIONS: 'true' }).githubActions).to.equal(true);
    expect(detectCi({ GITHUB_ACTIONS: 'false' }).githubActions).to.equal(false);
    expect(detectCi({ CI: 'true' }).githubActions).to.equal(false);
  });

  it('reads the parallel job, counted from 1, from the first system whose two variables are both set', () => {
    expect(detectCi({ CI_NODE_INDEX: '2', CI_NODE_TOTAL: '4' }).parallel).to.deep.equal({
      position: '2/4',
      source: 'CI_NODE_INDEX=2, CI_NODE_TOTAL=4',
    });
    expect(
      detectCi({ BUILDKITE_PARALLEL_JOB: '0', BUILDKITE_PARALLEL_JOB_COUNT: '3' }).parallel?.position,
    ).to.equal('1/3');
    const circle = { CI_NODE_INDEX: '5', CIRCLE_NODE_INDEX: '1', CIRCLE_NODE_TOTAL: '2' };
    expect(detectCi(circle).parallel?.position).to.equal('2/2');
    expect(detectCi({ CI: 'true' }).parallel).to.equal(undefined);
  });

  it('reads process.env at each call by default, not once at load', () => {
    const saved = process.env.GITHUB_ACTIONS;
    try {
      process.env.GITHUB_ACTIONS = 'true';
      expect(detectCi().githubActions).to.equal(true);
      delete process.env.GITHUB_ACTIONS;
      expect(detectCi().githubActions).to.equal(false);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_ACTIONS;
      else process.env.GITHUB_ACTIONS = saved;
    }
  });
});
