import { expect } from 'chai';
import fc from 'fast-check';
import { selectJobs } from '../../../../src/core/jobs/select-jobs.js';
import type { JobDefinition } from '../../../../src/core/types.js';
import { hard, job, soft } from '../../jobs/job-fixtures.js';

const names = (jobs: JobDefinition[]) => jobs.map((j) => j.name);

describe('selectJobs', () => {
  const build = job('build', 'make');
  const unit = job('unit', 'make test', { dependencies: hard('build') });
  const report = job('report', 'make report', { dependencies: [...hard('unit'), ...soft('build')] });
  const jobs = [build, unit, report];

  it("keeps the pipeline's jobs in the order they are configured, not the order the pipeline names them", () => {
    expect(names(selectJobs({ jobs, pipeline: ['report', 'build', 'unit'] }))).to.deep.equal([
      'build',
      'unit',
      'report',
    ]);
  });

  it('narrows to --jobs, dropping dependencies on jobs left out, hard or soft', () => {
    const selected = selectJobs({ jobs, pipeline: ['build', 'unit', 'report'], only: ['unit', 'report'] });
    expect(selected.map(({ name, dependencies }) => ({ name, dependencies }))).to.deep.equal([
      { name: 'unit', dependencies: [] },
      { name: 'report', dependencies: hard('unit') },
    ]);
  });

  it('leaves out a --jobs name that is not in the pipeline, and does not change the configured jobs', () => {
    const before = structuredClone(jobs);
    expect(names(selectJobs({ jobs, pipeline: ['build'], only: ['build', 'unit'] }))).to.deep.equal([
      'build',
    ]);
    expect(jobs).to.deep.equal(before);
  });

  it('selects the jobs both the pipeline and --jobs name, in order, with their selected dependencies (property)', () => {
    const all = ['a', 'b', 'c', 'd', 'e'];
    const dependencies = (i: number) =>
      fc
        .subarray(all.filter((_, j) => j !== i))
        .chain((deps) =>
          fc.tuple(...deps.map((name) => fc.record({ name: fc.constant(name), soft: fc.boolean() }))),
        );
    const arbitraryJobs = fc
      .tuple(...all.map((_, i) => dependencies(i)))
      .map((lists): JobDefinition[] => lists.map((deps, i) => job(all[i], 'true', { dependencies: deps })));
    const arbitraryOnly = fc.option(fc.subarray(all), { nil: undefined });
    fc.assert(
      fc.property(arbitraryJobs, fc.subarray(all), arbitraryOnly, (jobs, pipeline, only) => {
        const selected = selectJobs({ jobs, pipeline, only });
        const expected = all.filter((name) => pipeline.includes(name) && (!only || only.includes(name)));
        expect(names(selected)).to.deep.equal(expected);
        for (const chosen of selected) {
          const original = jobs.find((j) => j.name === chosen.name)!;
          const kept = original.dependencies.filter((dep) => expected.includes(dep.name));
          expect(chosen.dependencies).to.deep.equal(kept);
          expect({ ...chosen, dependencies: [] }).to.deep.equal({ ...original, dependencies: [] });
        }
      }),
    );
  });
});
