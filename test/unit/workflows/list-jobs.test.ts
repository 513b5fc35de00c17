import { expect } from 'chai';
import { listJobs } from '../../../src/workflows/list-jobs.js';
import { job } from '../jobs/job-fixtures.js';
import { fakeAdapters, fakeConfig, queueRepository } from './fakes.js';

const config = fakeConfig({
  filepath: '/repo/.specgaterc.yml',
  jobs: [
    job('unit', 'npm test'),
    job('docs', 'make docs', { files: ['docs/**'] }),
    job('lint', 'npm run lint'),
  ],
  pipelines: { check: ['unit', 'docs'], gate: ['unit', 'docs', 'lint'] },
});
// The file as written (valid: the raw file is read through the schema again).
const raw = {
  jobs: {
    base: { abstract: true },
    unit: { run: 'npm test' },
    docs: { run: 'make docs', files: ['docs/**'] },
    lint: { run: 'npm run lint' },
  },
};

function list(options: { mode?: 'check' | 'gate'; only?: string[] } = {}) {
  const { repository } = queueRepository('a');
  const adapters = fakeAdapters({
    repository,
    config: { read: async () => config, loadFile: async () => ({ filepath: config.filepath!, config: raw }) },
  });
  return listJobs({
    cwd: '/repo',
    changes: ['a'],
    mode: options.mode ?? 'check',
    only: options.only,
    adapters,
  });
}

describe('listJobs (fakes)', () => {
  it('every declared job, abstract ones too, with whether it runs for the change and why not', async () => {
    const listing = await list();
    expect(listing.mode).to.equal('check');
    expect(listing.changes).to.have.length(1);
    const [change] = listing.changes;
    expect(change).to.include({ id: 'a' });
    expect(change.files).to.deep.equal(['a.txt']);
    const byName = Object.fromEntries(change.jobs.map((choice) => [choice.name, choice]));
    expect(Object.keys(byName)).to.deep.equal(['base', 'unit', 'docs', 'lint']);
    expect(byName.base).to.deep.equal({
      name: 'base',
      runs: false,
      reason: 'abstract: only inherited from, never run',
    });
    expect(byName.unit.runs).to.equal(true);
    expect(byName.docs.runs).to.equal(false);
    expect(byName.docs.reason).to.match(/docs\/\*\*/);
    expect(byName.lint).to.deep.equal({ name: 'lint', runs: false, reason: 'not in the check pipeline' });
  });

  it('--jobs: the others are "not chosen by --jobs"', async () => {
    const [change] = (await list({ mode: 'gate', only: ['lint'] })).changes;
    const unit = change.jobs.find((choice) => choice.name === 'unit');
    expect(unit).to.deep.equal({ name: 'unit', runs: false, reason: 'not chosen by --jobs' });
    expect(change.jobs.find((choice) => choice.name === 'lint')?.runs).to.equal(true);
  });
});
