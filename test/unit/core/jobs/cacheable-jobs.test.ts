import { expect } from 'chai';
import fc from 'fast-check';
import type { JobDefinition } from '../../../../src/core/types.js';
import { cacheableJobs } from '../../../../src/core/jobs/cacheable-jobs.js';

const job = (
  name: string,
  options: { cache?: boolean; on?: string[]; soft?: string[] } = {},
): JobDefinition => ({
  name,
  run: 'true',
  env: {},
  voting: true,
  attempts: 1,
  ...(options.cache !== undefined && { cache: options.cache }),
  dependencies: [
    ...(options.on ?? []).map((dep) => ({ name: dep, soft: false })),
    ...(options.soft ?? []).map((dep) => ({ name: dep, soft: true })),
  ],
});

describe('cacheableJobs', () => {
  it('leaves out jobs with cache: false and every job depending on one, hard or soft, transitively', () => {
    const jobs = [
      job('lint'),
      job('deploy', { cache: false }),
      job('smoke', { on: ['deploy'] }),
      job('report', { soft: ['smoke'] }),
      job('build'),
      job('unit', { on: ['build'] }),
    ];
    expect([...cacheableJobs(jobs)].sort()).to.deep.equal(['build', 'lint', 'unit']);
  });

  it('does not care in which order dependencies are listed', () => {
    const jobs = [
      job('smoke', { on: ['deploy'] }),
      job('deploy', { cache: false }),
      job('build', { cache: true }),
    ];
    expect([...cacheableJobs(jobs)]).to.deep.equal(['build']);
  });
});

describe('cacheableJobs (property)', () => {
  it('keeps exactly the jobs from which no cache: false job is reachable through dependencies, in any order', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    // Dependencies only on earlier jobs: the graph is acyclic, as config validation guarantees.
    const arbitraryJobs = fc
      .tuple(
        ...names.map((_, i) =>
          fc.record({
            cache: fc.option(fc.boolean(), { nil: undefined }),
            on: fc.subarray(names.slice(0, i)),
            soft: fc.subarray(names.slice(0, i)),
          }),
        ),
      )
      .map((specs) =>
        specs.map((spec, i) => {
          const soft = spec.soft.filter((name) => !spec.on.includes(name));
          return job(names[i], { cache: spec.cache, on: spec.on, soft });
        }),
      );
    fc.assert(
      fc.property(arbitraryJobs, fc.boolean(), (jobs, reversed) => {
        const byName = new Map(jobs.map((j) => [j.name, j]));
        const reaches = (from: JobDefinition): boolean =>
          from.cache === false ||
          from.dependencies.some((dependency) => reaches(byName.get(dependency.name)!));
        const expected = names.filter((name) => !reaches(byName.get(name)!));
        const given = reversed ? [...jobs].reverse() : jobs;
        expect([...cacheableJobs(given)].sort()).to.deep.equal(expected);
      }),
    );
  });
});
