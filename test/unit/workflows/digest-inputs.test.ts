import { expect } from 'chai';
import { digestInputs } from '../../../src/workflows/digest-inputs.js';
import type { ResolvedQueue } from '../../../src/workflows/resolve-queue.js';
import { fakeConfig } from './fakes.js';

const queue: ResolvedQueue = {
  target: { ref: 'main', sha: 'a'.repeat(40) },
  queue: [{ id: 'x', sha: '1'.repeat(40), dependsOn: [], pulledIn: false }],
  cycles: [],
};
const jobs = [{ name: 'unit', run: 'npm test', env: {}, voting: true, attempts: 1, dependencies: [] }];

describe('digestInputs', () => {
  const digest = (fields: Partial<Parameters<typeof digestInputs>[0]> = {}) =>
    digestInputs({ mode: 'gate', queue, jobs, config: fakeConfig(), ...fields });

  it('is the same for the same inputs: a SHA-256 in hex', () => {
    expect(digest()).to.equal(digest());
    expect(digest()).to.match(/^[0-9a-f]{64}$/);
  });

  it('changes with anything that decides the verdict: mode, a commit, a job, the merge rules, the preparation', () => {
    const base = digest();
    const others = [
      digest({ mode: 'check' }),
      digest({ queue: { ...queue, target: { ref: 'main', sha: 'b'.repeat(40) } } }),
      digest({ queue: { ...queue, queue: [{ ...queue.queue[0], sha: '2'.repeat(40) }] } }),
      digest({ jobs: [{ ...jobs[0], run: 'npm run test:unit' }] }),
      digest({ config: fakeConfig({ mergeMode: 'squash-merge' }) }),
      digest({ config: fakeConfig({ allowCircularDependencies: true }) }),
      digest({
        config: fakeConfig({
          prepare: [{ run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] }],
        }),
      }),
    ];
    for (const other of others) expect(other).to.not.equal(base);
    expect(new Set(others).size).to.equal(others.length);
  });

  it("does not change with what does not decide it: the configuration file's path, the default target", () => {
    expect(
      digest({ config: fakeConfig({ filepath: '/elsewhere/.specgaterc.yml', target: 'develop' }) }),
    ).to.equal(digest());
  });
});
