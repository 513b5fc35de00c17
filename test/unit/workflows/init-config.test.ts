import { expect } from 'chai';
import { parse } from 'yaml';
import { initConfig } from '../../../src/workflows/init-config.js';
import { fakeAdapters, fakeRepository, memoryFiles } from './fakes.js';

/** A repository at /repo (main exists unless `main` is false: then trunk, checked out) and the files given. */
function init(args: {
  files?: Record<string, string>;
  existing?: string;
  force?: boolean;
  bare?: boolean;
  main?: boolean;
}) {
  const repository = fakeRepository({ dir: args.bare ? undefined : '/repo' });
  if (args.bare) delete repository.dir;
  if (args.main !== false) repository.commit('main', 'base');
  else {
    repository.commit('trunk', 'base');
    repository.headBranch = () => 'trunk';
  }
  const files = memoryFiles(args.files);
  let existing = args.existing;
  const adapters = fakeAdapters({
    repository,
    files,
    config: {
      read: () => Promise.reject(new Error('not read')),
      loadFile: async () => (existing === undefined ? undefined : { filepath: existing, config: {} }),
    },
  });
  const run = () => initConfig({ cwd: '/repo', force: args.force ?? false, adapters });
  return {
    run,
    files,
    written: () => files.files.get('/repo/.specgaterc.yml'),
    replaceExisting: (file?: string) => (existing = file),
  };
}

describe('initConfig (fakes)', () => {
  it('detects jobs and the install step from package.json and its lock file, and writes a config specgate accepts', async () => {
    const scripts = { lint: 'eslint .', build: 'tsc', test: 'mocha', start: 'node .' };
    const { run, written } = init({
      files: { '/repo/package.json': JSON.stringify({ scripts }), '/repo/package-lock.json': '{}' },
    });
    const result = await run();
    expect(result).to.include({ file: '/repo/.specgaterc.yml', target: 'main', detected: true });
    expect(result.jobs).to.deep.equal(['lint', 'build', 'test']);
    expect(result.prepare).to.deep.equal(['npm ci']);
    expect(written()).to.equal(result.content);
    expect(parse(result.content)).to.deep.equal({
      target: 'main',
      prepare: [{ run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] }],
      jobs: {
        lint: { run: 'npm run lint' },
        build: { run: 'npm run build' },
        test: { run: 'npm run test', dependencies: ['build'] },
      },
    });
  });

  it('no lock file: installs with npm install keyed by package.json, and no job runs a script another job runs', async () => {
    const scripts = { lint: 'eslint .', test: 'npm run lint && mocha' };
    const { run } = init({
      files: { '/repo/package.json': JSON.stringify({ scripts, devDependencies: { eslint: '^9' } }) },
    });
    const result = await run();
    expect(result).to.deep.include({
      jobs: ['test'],
      prepare: ['npm install --no-package-lock --no-audit --no-fund'],
      withoutLockFile: true,
      leftOut: [{ job: 'lint', script: 'lint', runBy: 'test' }],
    });
    expect(parse(result.content)).to.deep.equal({
      target: 'main',
      prepare: [
        {
          run: 'npm install --no-package-lock --no-audit --no-fund',
          key: ['package.json'],
          paths: ['node_modules'],
        },
      ],
      jobs: { test: { run: 'npm run test' } },
    });
    expect(result.content)
      .to.contain('# No lock file was found')
      .and.contain("# No job for the lint script: the test job's script runs it.");
  });

  it('a package.json with dependencies and a lock file but no scripts still gets its install step', async () => {
    const { run } = init({
      files: {
        '/repo/package.json': JSON.stringify({ dependencies: { yaml: '^2' } }),
        '/repo/package-lock.json': '{}',
      },
    });
    expect(await run()).to.deep.include({
      jobs: [],
      prepare: ['npm ci'],
      withoutLockFile: false,
      leftOut: [],
    });
  });

  it('no package.json: no jobs, a commented example, and the checked-out branch guessed when neither main nor master exists', async () => {
    const { run } = init({ main: false });
    const result = await run();
    expect(result).to.include({ detected: false, target: 'trunk' });
    expect(result.jobs).to.deep.equal([]);
    expect(result.content).to.include('# No package.json was found, so there are no jobs yet.');
    expect(parse(result.content)).to.deep.equal({ target: 'trunk', jobs: {} });
  });

  it('a configuration already there: BAD_USAGE naming it, and nothing written', async () => {
    const { run, written } = init({ existing: '/repo/.specgaterc.json' });
    const error = await run().then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).to.equal(
      'a specgate configuration already exists: .specgaterc.json (specgate init --force replaces it)',
    );
    expect(written()).to.equal(undefined);
  });

  it('--force replaces it, and says which file still takes precedence', async () => {
    const { run } = init({ existing: '/repo/.specgaterc.json', force: true });
    const result = await run();
    expect(result.replaced).to.equal('/repo/.specgaterc.json');
    expect(result.shadowedBy).to.equal('/repo/.specgaterc.json');
  });

  it('a bare repository: BAD_USAGE, init writes in a working tree', async () => {
    const { run } = init({ bare: true });
    const error = await run().then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).to.equal(
      '/repo/.git is a bare repository: init writes its file in a working tree',
    );
  });

  it('a package.json that is not JSON: BAD_USAGE naming it', async () => {
    const { run } = init({ files: { '/repo/package.json': '{ nope' } });
    const error = await run().then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).to.match(/^cannot read \/repo\/package\.json: /);
  });
});
