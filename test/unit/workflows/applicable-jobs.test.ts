import { expect } from 'chai';
import type { ChangeScope, PlannedChange } from '../../../src/core/queue/pipeline-types.js';
import { compileGlob } from '../../../src/jobs/compile-glob.js';
import { applicableJobs } from '../../../src/workflows/applicable-jobs.js';
import { job } from '../jobs/job-fixtures.js';

const change = (id: string): PlannedChange => ({
  id,
  sha: id.padEnd(40, '0'),
  dependsOn: [],
  pulledIn: false,
});

describe('applicableJobs', () => {
  it("no file matcher among the jobs: every job applies and no change's files are listed", async () => {
    const asked: string[] = [];
    const chosen = await applicableJobs({
      jobs: [job('unit', 'true'), job('lint', 'true')],
      scope: async (judged) => {
        asked.push(judged.id);
        return { files: [], configChangedJobs: new Set() };
      },
      judged: [change('a')],
      compileGlob,
    });
    expect(chosen.run.map((one) => one.name)).to.deep.equal(['unit', 'lint']);
    expect(asked).to.deep.equal([]);
  });

  it("with matchers: the union of the judged changes' scopes decides; the others are SKIPPED", async () => {
    const scopes: Record<string, ChangeScope> = {
      a: { files: ['docs/x.md'], configChangedJobs: new Set() },
      b: { files: ['README.md'], configChangedJobs: new Set() },
    };
    const jobs = [job('docs', 'true', { files: ['docs/**'] }), job('code', 'true', { files: ['src/**'] })];
    const one = await applicableJobs({
      jobs,
      scope: async (judged) => scopes[judged.id],
      judged: [change('b')],
      compileGlob,
    });
    expect(one.run.map((chosen) => chosen.name)).to.deep.equal([]);
    expect(one.skipped.map((skipped) => [skipped.name, skipped.result])).to.deep.equal([
      ['docs', 'SKIPPED'],
      ['code', 'SKIPPED'],
    ]);
    const both = await applicableJobs({
      jobs,
      scope: async (judged) => scopes[judged.id],
      judged: [change('a'), change('b')],
      compileGlob,
    });
    expect(both.run.map((chosen) => chosen.name)).to.deep.equal(['docs']);
  });
});
