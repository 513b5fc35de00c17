import { expect } from 'chai';
import type { JobDefinition } from '../../../src/core/types.js';
import { cacheableJobs } from '../../../src/core/cacheable-jobs.js';

const job = (name: string, options: { cache?: boolean; on?: string[]; soft?: string[] } = {}): JobDefinition => ({
  name,
  run: 'true',
  env: {},
  voting: true,
  attempts: 1,
  ...(options.cache !== undefined && { cache: options.cache }),
  dependencies: [...(options.on ?? []).map((dep) => ({ name: dep, soft: false })), ...(options.soft ?? []).map((dep) => ({ name: dep, soft: true }))],
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
    const jobs = [job('smoke', { on: ['deploy'] }), job('deploy', { cache: false }), job('build', { cache: true })];
    expect([...cacheableJobs(jobs)]).to.deep.equal(['build']);
  });
});
