import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../../src/core/types.js';
import { UserError } from '../../../src/errors/specgate-error.js';
import { chooseReporters } from '../../../src/report/choose-reporters.js';
import { scratchDir } from '../../helpers/fixture-repo.js';

/** A writable that keeps what is written. */
function sink(): NodeJS.WritableStream & { text: string } {
  const stream = { text: '', write: (chunk: string) => ((stream.text += chunk), true) };
  return stream as unknown as NodeJS.WritableStream & { text: string };
}

const rejected: PipelineResult = {
  mode: 'gate',
  verdict: 'FAILURE',
  target: { ref: 'main', sha: 'a'.repeat(40) },
  changes: [
    {
      id: 'feature-a',
      sha: 'b'.repeat(40),
      result: 'FAILURE',
      dependsOn: [],
      includes: ['feature-a'],
      message: 'job unit failed (FAILURE)',
      jobs: [],
    },
  ],
  builds: [],
};

describe('chooseReporters', () => {
  const names = (args: Partial<Parameters<typeof chooseReporters>[0]>) =>
    chooseReporters({ cwd: '/', json: false, env: {}, stdout: sink(), stderr: sink(), ...args }).map(
      (reporter) => reporter.name,
    );

  it('for people: the summary; on GitHub Actions also the step summary and annotations; --junit first', () => {
    expect(names({})).to.deep.equal(['summary']);
    expect(names({ env: { GITHUB_ACTIONS: 'true' } })).to.deep.equal(['summary', 'annotations']);
    expect(
      names({ env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/s.md' }, junit: 'j.xml' }),
    ).to.deep.equal(['junit', 'step-summary', 'summary', 'annotations']);
  });

  it('with --json, nothing on stdout: neither the summary nor annotations, the files still', () => {
    expect(
      names({ json: true, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/s.md' }, junit: 'j.xml' }),
    ).to.deep.equal(['junit', 'step-summary']);
  });

  it('writes each report where it belongs: the table and annotations on stdout, JUnit and the step summary to their files', async () => {
    const dir = scratchDir('specgate-reporters-');
    const stdout = sink();
    const stepSummary = path.join(dir, 'summary.md');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary };
    const reporters = chooseReporters({
      cwd: dir,
      json: false,
      junit: 'junit.xml',
      env,
      stdout,
      stderr: sink(),
    });
    for (const reporter of reporters) reporter.check?.();
    for (const reporter of reporters) await reporter.write(rejected);
    expect(stdout.text).to.contain('feature-a').and.contain('::error');
    expect(fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8')).to.contain(
      '<testsuite name="specgate gate"',
    );
    expect(fs.readFileSync(stepSummary, 'utf8')).to.contain('feature-a');
  });

  it('a --junit file that could not be written fails the check, before any job runs', () => {
    const [junit] = chooseReporters({
      cwd: '/',
      json: true,
      junit: '/nonexistent-dir/x.xml',
      env: {},
      stdout: sink(),
      stderr: sink(),
    });
    expect(() => junit.check!()).to.throw(
      UserError,
      '--junit: cannot write /nonexistent-dir/x.xml: no such directory /nonexistent-dir',
    );
  });

  it('a step summary that cannot be written is a warning: the verdict matters more', async () => {
    const stderr = sink();
    const missing = path.join(scratchDir(), 'no', 'such', 'summary.md');
    const [summary] = chooseReporters({
      cwd: '/',
      json: true,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: missing },
      stdout: sink(),
      stderr,
    });
    await summary.write(rejected);
    expect(stderr.text).to.match(
      new RegExp(`^specgate: warning: cannot write the step summary to ${missing}: `),
    );
  });
});
