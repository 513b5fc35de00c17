import { expect } from 'chai';
import { unionOfScopes } from '../../../src/core/jobs/union-of-scopes.js';

describe('unionOfScopes', () => {
  it('every file once, sorted, and every job whose configuration any change edits', () => {
    const union = unionOfScopes([
      { files: ['src/b.ts', 'src/a.ts'], configChangedJobs: new Set(['lint']) },
      { files: ['src/a.ts', 'README.md'], configChangedJobs: new Set(['unit']) },
    ]);
    expect(union.files).to.deep.equal(['README.md', 'src/a.ts', 'src/b.ts']);
    expect([...(union.configChangedJobs as Set<string>)].sort()).to.deep.equal(['lint', 'unit']);
  });

  it('one change that edits every job\'s configuration makes the union "all"', () => {
    expect(
      unionOfScopes([
        { files: [], configChangedJobs: 'all' },
        { files: [], configChangedJobs: new Set(['x']) },
      ]).configChangedJobs,
    ).to.equal('all');
  });
});
