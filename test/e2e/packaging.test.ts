import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';

const root = path.join(import.meta.dirname, '..', '..');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;

/** One npm cache for every run of these tests, so that a rerun installs from it instead of the registry. */
const NPM_CACHE = path.join(os.tmpdir(), 'specgate-packaging-npm-cache');

/** Installing from the registry on a loaded machine takes minutes, not the usual 60 s. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command` in `cwd` with npm's own variables of an enclosing `npm test` removed (they would point the
 * inner npm at this project), the shared cache, and no audit, fund or update notice.
 */
function run(command: string, args: string[], cwd: string): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD'),
  );
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...env,
          CI: 'true',
          npm_config_cache: NPM_CACHE,
          npm_config_prefer_offline: 'true',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_update_notifier: 'false',
        },
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** Runs and expects exit 0, with the output in the failure message. */
async function ok(command: string, args: string[], cwd: string): Promise<Run> {
  const result = await run(command, args, cwd);
  expect(result.status, `${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`).to.equal(0);
  return result;
}

/**
 * A fresh npm project (`npm init -y`) with specgate installed as a dev dependency: from `spec`, or from a
 * `tarball` copied into the project's `vendor/` (as the README says: a path inside the project resolves in
 * every checkout of it).
 */
async function projectWith(source: { spec: string } | { tarball: string }): Promise<string> {
  const dir = scratchDir('specgate-packaging-project-');
  await ok('npm', ['init', '-y'], dir);
  let spec: string;
  if ('tarball' in source) {
    fs.mkdirSync(path.join(dir, 'vendor'));
    fs.copyFileSync(source.tarball, path.join(dir, 'vendor', path.basename(source.tarball)));
    spec = `./vendor/${path.basename(source.tarball)}`;
  } else spec = source.spec;
  await ok('npm', ['install', '-D', spec], dir);
  return dir;
}

/**
 * Makes `dir` a git repository whose main holds `.specgaterc.yml` with one job, and two stacked changes:
 * feature-b on top of feature-a.
 */
function stackedChanges(dir: string): void {
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  fs.writeFileSync(path.join(dir, 'base.txt'), 'base\n');
  fs.writeFileSync(
    path.join(dir, '.specgaterc.yml'),
    'target: main\njobs:\n  test:\n    run: test -f base.txt && cat *.txt\n',
  );
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  for (const [branch, file] of [
    ['feature-a', 'a.txt'],
    ['feature-b', 'b.txt'],
  ]) {
    git(dir, 'checkout', '-q', '-b', branch);
    fs.writeFileSync(path.join(dir, file), `${branch}\n`);
    git(dir, 'add', file);
    git(dir, 'commit', '-q', '-m', branch);
  }
  git(dir, 'checkout', '-q', 'main');
}

/** What every install must give: `npx specgate` runs, and gates the stacked changes. */
async function expectWorkingInstall(dir: string): Promise<void> {
  const shown = await ok('npx', ['specgate', '--version'], dir);
  expect(shown.stdout).to.match(new RegExp(`^specgate/${version.replace(/\./g, '\\.')} `));
  // The installed package runs without TypeScript, or any other dev dependency of specgate.
  expect(fs.existsSync(path.join(dir, 'node_modules', 'typescript'))).to.equal(false);

  stackedChanges(dir);
  const gated = await run('npx', ['specgate', 'gate', 'feature-a', 'feature-b', '--json'], dir);
  expect(gated.status, gated.stderr).to.equal(0);
  const result = JSON.parse(gated.stdout) as {
    verdict: string;
    changes: Array<{ id: string; result: string; includes: string[] }>;
  };
  expect(result.verdict).to.equal('SUCCESS');
  expect(
    result.changes.map(({ id, result: verdict, includes }) => ({ id, verdict, includes })),
  ).to.deep.equal([
    { id: 'feature-a', verdict: 'SUCCESS', includes: ['feature-a'] },
    { id: 'feature-b', verdict: 'SUCCESS', includes: ['feature-a', 'feature-b'] },
  ]);
}

describe('packaging: specgate installed into a project', function () {
  this.timeout(INSTALL_TIMEOUT_MS);

  let tarball = '';
  let packed: string[] = [];

  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    const destination = scratchDir('specgate-packaging-tarball-');
    // The real `npm pack`, scripts and all: prepack empties dist/, prepare compiles it again.
    await ok('npm', ['pack', '--pack-destination', destination], root);
    const [name] = fs.readdirSync(destination).filter((file) => file.endsWith('.tgz'));
    tarball = path.join(destination, name);
    packed = (await ok('tar', ['-tzf', tarball], destination)).stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.replace(/^package\//, ''));
  });

  it('packs the compiled commands, the oclif manifest, the schema and bin/run.js, and no sources', () => {
    expect(packed).to.include.members([
      'package.json',
      'bin/run.js',
      'oclif.manifest.json',
      'schema/specgate.schema.json',
      'dist/commands/gate.js',
      'dist/hooks/init/first-run.js',
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, { relativePath: string[] }>;
    };
    for (const [id, command] of Object.entries(manifest.commands)) {
      expect(packed, id).to.include(command.relativePath.join('/'));
    }
    expect(packed.filter((file) => /^(src|test|fixtures|scripts)\//.test(file))).to.deep.equal([]);
    expect(packed.filter((file) => /\.(ts|map)$/.test(file) || file === 'bin/dev.js')).to.deep.equal([]);
  });

  it('from the tarball: npx specgate runs and gates, and the schema modeline init writes resolves', async () => {
    const dir = await projectWith({ tarball });
    expect(
      (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>)
        .devDependencies,
    ).to.deep.equal({ specgate: `file:vendor/${path.basename(tarball)}` });
    git(dir, 'init', '-q', '-b', 'main');
    const init = await ok('npx', ['specgate', 'init'], dir);
    expect(init.stdout).to.match(/^wrote \.specgaterc\.yml/);
    const config = path.join(dir, '.specgaterc.yml');
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/.exec(
      fs.readFileSync(config, 'utf8').split('\n')[0],
    );
    expect(modeline, 'the first line of .specgaterc.yml').not.to.equal(null);
    const schema = path.resolve(path.dirname(config), modeline![1]);
    expect(schema).to.equal(path.join(dir, 'node_modules', 'specgate', 'schema', 'specgate.schema.json'));
    expect(parse(fs.readFileSync(schema, 'utf8'))).to.have.property('$schema');
    fs.rmSync(config);

    await expectWorkingInstall(dir);
  });

  it('from a git URL: npm runs prepare (tsc) in the clone, and the install works the same', async function () {
    // What a project gets from `npm install -D git+https://…/specgate.git`: the committed HEAD, built by
    // its prepare script with its dev dependencies, which npm installs for that.
    const clone = scratchDir('specgate-packaging-clone-');
    git(clone, 'clone', '-q', '--no-hardlinks', root, 'specgate');
    const source = path.join(clone, 'specgate');
    expect(fs.existsSync(path.join(source, 'dist')), 'dist/ is not committed').to.equal(false);
    const sha = git(source, 'rev-parse', 'HEAD').trim();
    const dir = await projectWith({ spec: `git+file://${source}#${sha}` });
    const installed = path.join(dir, 'node_modules', 'specgate');
    expect(fs.existsSync(path.join(installed, 'dist', 'commands', 'gate.js'))).to.equal(true);
    expect(fs.existsSync(path.join(installed, 'src')), 'only the files of package.json#files').to.equal(
      false,
    );
    await expectWorkingInstall(dir);
  });
});
