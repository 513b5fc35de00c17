import { expect } from 'chai';
import fc from 'fast-check';
import type { ChangeScope } from '../../../../src/core/queue/pipeline-types.js';
import { unionOfScopes } from '../../../../src/core/jobs/union-of-scopes.js';

describe('unionOfScopes', () => {
  it('gives every file once, sorted, and every job whose configuration any change edits', () => {
    const union = unionOfScopes([
      { files: ['src/b.ts', 'README.md'], configChangedJobs: new Set(['unit']) },
      { files: ['src/a.ts', 'src/b.ts'], configChangedJobs: new Set(['lint', 'unit']) },
    ]);
    expect(union.files).to.deep.equal(['README.md', 'src/a.ts', 'src/b.ts']);
    expect([...(union.configChangedJobs as ReadonlySet<string>)].sort()).to.deep.equal(['lint', 'unit']);
  });

  it("is 'all' when any change may have changed every job's configuration", () => {
    const union = unionOfScopes([
      { files: ['a'], configChangedJobs: new Set(['unit']) },
      { files: ['specgate.config.js'], configChangedJobs: 'all' },
    ]);
    expect(union).to.deep.equal({ files: ['a', 'specgate.config.js'], configChangedJobs: 'all' });
  });

  it('of no scope touches nothing', () => {
    expect(unionOfScopes([])).to.deep.equal({ files: [], configChangedJobs: new Set() });
  });

  it('does not depend on the order of the changes, and a scope united with itself is itself (property)', () => {
    const files = ['a', 'b/c', 'd.md', 'e'];
    const jobs = ['lint', 'unit', 'build'];
    const scope: fc.Arbitrary<ChangeScope> = fc.record({
      files: fc.subarray(files).map((chosen) => [...chosen].sort()),
      configChangedJobs: fc.oneof(
        fc.constant('all' as const),
        fc.subarray(jobs).map((chosen) => new Set(chosen)),
      ),
    });
    const canonical = (s: ChangeScope) => ({
      files: s.files,
      configChangedJobs: s.configChangedJobs === 'all' ? 'all' : [...s.configChangedJobs].sort(),
    });
    fc.assert(
      fc.property(fc.array(scope, { maxLength: 4 }), (scopes) => {
        const union = canonical(unionOfScopes(scopes));
        expect(canonical(unionOfScopes([...scopes].reverse()))).to.deep.equal(union);
        for (const one of scopes) expect(canonical(unionOfScopes([one, one]))).to.deep.equal(canonical(one));
      }),
    );
  });
});
