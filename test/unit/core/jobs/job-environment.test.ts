import { expect } from 'chai';
import { jobEnvironment } from '../../../../src/core/jobs/job-environment.js';

const state = {
  change: { id: 'feature-a', sha: 'b'.repeat(40) },
  includes: ['lib', 'feature-a'],
  target: { ref: 'main', sha: 'a'.repeat(40) },
  speculative: { checkouts: [{ project: 'app', sha: 'c'.repeat(40), dir: '/work/01-feature-a' }] },
};

describe('jobEnvironment', () => {
  it("a state's variables: the speculative commit and the workspace are the home project's", () => {
    expect(jobEnvironment({ state })).to.deep.equal({
      SPECGATE: '1',
      SPECGATE_CHANGE: 'feature-a',
      SPECGATE_CHANGE_SHA: 'b'.repeat(40),
      SPECGATE_CHANGES: 'lib feature-a',
      SPECGATE_TARGET: 'main',
      SPECGATE_TARGET_SHA: 'a'.repeat(40),
      SPECGATE_SPECULATIVE_SHA: 'c'.repeat(40),
      SPECGATE_WORKSPACE: '/work/01-feature-a',
    });
  });

  it('a state served from the cache has no workspace', () => {
    const served = { ...state, speculative: { checkouts: [{ project: 'app', sha: 'c'.repeat(40) }] } };
    expect(jobEnvironment({ state: served })).to.not.have.property('SPECGATE_WORKSPACE');
  });

  it("a job's: the given state variables win over the default workspace; parent data only when there is some", () => {
    const given = jobEnvironment({ state });
    const env = jobEnvironment({
      workspace: '/elsewhere',
      given,
      job: { name: 'unit', returnFile: '/logs/unit.return.json' },
    });
    expect(env).to.deep.equal({ ...given, SPECGATE_JOB: 'unit', SPECGATE_RETURN: '/logs/unit.return.json' });
    const child = jobEnvironment({
      given,
      job: { name: 'e2e', returnFile: '/r', parentDataFile: '/logs/e2e.parent-data.json' },
    });
    expect(child.SPECGATE_PARENT_DATA).to.equal('/logs/e2e.parent-data.json');
    expect(jobEnvironment({ workspace: '/w', given: { SPECGATE: '1' } })).to.deep.equal({
      SPECGATE_WORKSPACE: '/w',
      SPECGATE: '1',
    });
  });
});
