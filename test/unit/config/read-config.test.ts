import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../../../src/config/read-config.js';
import { UserError } from '../../../src/errors/specgate-error.js';

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-config-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

async function problems(files: Record<string, string>): Promise<string[]> {
  const root = project(files);
  try {
    await readConfig({ cwd: root, repoRoot: root });
  } catch (error) {
    expect(error).to.be.instanceOf(UserError);
    expect((error as UserError).code).to.equal('BAD_CONFIG');
    return (error as Error).message.split('\n');
  }
  throw new Error('expected the configuration to be rejected');
}

describe('readConfig', () => {
  it('returns no jobs when the repository has no configuration', async () => {
    const config = await readConfig({ cwd: project({}), repoRoot: project({}) });
    expect(config.jobs).to.deep.equal([]);
    expect(config.filepath).to.equal(undefined);
  });

  it('finds .specgaterc.yml from a subdirectory, up to the repository root', async () => {
    const root = project({
      '.specgaterc.yml': 'target: trunk\njobs:\n  unit:\n    run: npm test\n',
      'src/deep/x': '',
    });
    const config = await readConfig({ cwd: path.join(root, 'src', 'deep'), repoRoot: root });
    expect(config.target).to.equal('trunk');
    expect(config.jobs.map((job) => job.name)).to.deep.equal(['unit']);
    expect(config.filepath).to.equal(path.join(root, '.specgaterc.yml'));
  });

  it('reads package.json#specgate', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'x', specgate: { jobs: { t: { run: 'true' } } } }),
    });
    expect((await readConfig({ cwd: root, repoRoot: root })).jobs[0].run).to.equal('true');
  });

  it('normalises jobs: defaults, dependencies, env as strings, inheritance and abstract parents', async () => {
    const root = project({
      '.specgaterc.yml': [
        'jobs:',
        '  base:',
        '    abstract: true',
        '    run: make',
        '    env: { A: "1", B: 2 }',
        '    timeout: 30',
        '  build:',
        '    run: npm run build',
        '  unit:',
        '    parent: base',
        '    env: { B: three }',
        '    dependencies: [build, { name: lint, soft: true }]',
        '  lint:',
        '    run: npm run lint',
        '    voting: false',
        'pipelines:',
        '  check: [build, unit, lint]',
        '  gate: [build, unit]',
      ].join('\n'),
    });
    const config = await readConfig({ cwd: root, repoRoot: root });
    expect(config.jobs.map((job) => job.name)).to.deep.equal(['build', 'unit', 'lint']);
    const unit = config.jobs.find((job) => job.name === 'unit')!;
    expect(unit).to.deep.include({ run: 'make', timeout: 30, voting: true, attempts: 1 });
    expect(unit.env).to.deep.equal({ A: '1', B: 'three' });
    expect(unit.dependencies).to.deep.equal([
      { name: 'build', soft: false },
      { name: 'lint', soft: true },
    ]);
    expect(config.jobs.find((job) => job.name === 'lint')!.voting).to.equal(false);
    expect(config.pipelines).to.deep.equal({ check: ['build', 'unit', 'lint'], gate: ['build', 'unit'] });
  });

  it('reports every problem at once, each with the file and the key path', async () => {
    const lines = await problems({
      '.specgaterc.yml': [
        'targte: main',
        'merge-mode: rebase',
        'jobs:',
        '  unit:',
        '    run: npm test',
        '    timeout: soon',
        '    voting: maybe',
        '  lint:',
        '    command: eslint',
      ].join('\n'),
    });
    expect(lines).to.deep.equal([
      '.specgaterc.yml: targte: unknown key (known keys: target, merge-mode, allow-circular-dependencies, jobs, pipelines, prepare, cache)',
      '.specgaterc.yml: merge-mode: expected one of merge, cherry-pick, squash-merge, got "rebase"',
      '.specgaterc.yml: jobs.unit.timeout: expected a number of seconds, got "soon"',
      '.specgaterc.yml: jobs.unit.voting: expected true or false, got "maybe"',
      '.specgaterc.yml: jobs.lint.command: unknown key (known keys: run, env, timeout, voting, attempts, dependencies, cwd, parent, abstract, description, files, irrelevant-files, cache)',
      '.specgaterc.yml: jobs.lint.run: missing: every job that is not abstract needs a command to run',
    ]);
  });

  it('reports unknown and cyclic job dependencies and unknown pipeline jobs by name', async () => {
    const lines = await problems({
      '.specgaterc.json': JSON.stringify({
        jobs: {
          a: { run: 'x', dependencies: ['b'] },
          b: { run: 'x', dependencies: ['a'] },
          c: { run: 'x', dependencies: ['nope'] },
        },
        pipelines: { gate: ['a', 'ghost'] },
      }),
    });
    expect(lines).to.deep.equal([
      ".specgaterc.json: jobs.c.dependencies[0]: 'nope' is not a job",
      '.specgaterc.json: jobs.a.dependencies: dependency cycle between jobs a, b',
      ".specgaterc.json: pipelines.gate[1]: 'ghost' is not a job",
    ]);
  });

  it('names the file when it cannot be parsed', async () => {
    const lines = await problems({ '.specgaterc.json': '{ "jobs": ' });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^cannot read configuration file: .*\.specgaterc\.json/);
  });
});
