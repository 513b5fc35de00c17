import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import {
  findChangedJobConfigs as parseAndCompare,
  type ChangedJobConfigs,
} from '../../../src/config/find-changed-job-configs.js';
import type { GitContext } from '../../../src/git/git-context.js';
import { readBlobAt } from '../../../src/git/object-database/read-blob-at.js';
import { buildRepository, type FixtureFile } from '../../helpers/build-repository.js';
import { scratchDir } from '../../helpers/fixture-repo.js';
import { openGitContext } from '../../../src/git/open-git-context.js';

const BASE_YAML = `# jobs of the project
jobs:
  base:
    abstract: true
    env: { CI: "1" }
  unit:
    parent: base
    run: npm test
    files: ["src/**"]
  integration:
    parent: unit
    run: npm run integration
  lint:
    run: npm run lint
`;

/**
 * A repository whose `main` holds `files`, with one branch per entry of `changes` adding that commit's
 * files on top; returns the context and every branch's tip.
 */
async function repository(
  files: Record<string, FixtureFile>,
  changes: Record<string, Record<string, FixtureFile>>,
): Promise<{ ctx: GitContext; tips: Record<string, string> }> {
  const dir = scratchDir('specgate-job-configs-');
  const branches: Record<
    string,
    { from?: string; commits: Array<{ message: string; files: Record<string, FixtureFile> }> }
  > = {
    main: { commits: [{ message: 'start', files: { 'README.md': 'readme', ...files } }] },
  };
  for (const [name, changed] of Object.entries(changes))
    branches[name] = { from: 'main', commits: [{ message: name, files: changed }] };
  const tips = await buildRepository(dir, { branches });
  const gitdir = path.join(dir, '.git');
  return { ctx: openGitContext({ fs, dir, gitdir, objectsDir: path.join(gitdir, 'objects') }), tips };
}

/** The configuration file as the trees of `base` (none: the empty tree) and `tip` hold it, compared. */
async function findChangedJobConfigs(
  ctx: GitContext,
  args: { base?: string; tip: string; configPath: string },
): Promise<ChangedJobConfigs> {
  const { base, tip, configPath } = args;
  const before = base === undefined ? undefined : await readBlobAt(ctx, base, configPath);
  return parseAndCompare({ configPath, before, after: await readBlobAt(ctx, tip, configPath) });
}

describe('findChangedJobConfigs (real repositories)', () => {
  it('names the jobs whose YAML block changed and those inheriting from them, ignoring comments and key order', async () => {
    const { ctx, tips } = await repository(
      { '.specgaterc.yml': BASE_YAML },
      {
        'change-unit': { '.specgaterc.yml': BASE_YAML.replace('run: npm test', 'run: npm test -- --bail') },
        'change-base': { '.specgaterc.yml': BASE_YAML.replace('CI: "1"', 'CI: "2"') },
        cosmetic: {
          '.specgaterc.yml': BASE_YAML.replace('# jobs of the project', '# reworded').replace(
            '    run: npm test\n    files: ["src/**"]',
            '    files: [ "src/**" ]\n    run: npm test',
          ),
        },
        'add-and-remove': {
          '.specgaterc.yml': BASE_YAML.replace(
            '  lint:\n    run: npm run lint\n',
            '  format:\n    run: npm run format\n',
          ),
        },
        'other-file': { 'src/a.ts': 'code' },
      },
    );
    const changed = (tip: string) =>
      findChangedJobConfigs(ctx, { base: tips.main, tip, configPath: '.specgaterc.yml' });
    expect(await changed(tips['change-unit'])).to.deep.equal(new Set(['unit', 'integration']));
    expect(await changed(tips['change-base'])).to.deep.equal(new Set(['base', 'unit', 'integration']));
    expect(await changed(tips.cosmetic)).to.deep.equal(new Set());
    expect(await changed(tips['add-and-remove'])).to.deep.equal(new Set(['format', 'lint']));
    expect(await changed(tips['other-file'])).to.deep.equal(new Set());
  });

  it('counts every job of a configuration file the change adds, and none when neither tree has the file', async () => {
    const { ctx, tips } = await repository({}, { 'add-config': { 'sub/.specgaterc.yaml': BASE_YAML } });
    expect(
      await findChangedJobConfigs(ctx, {
        base: tips.main,
        tip: tips['add-config'],
        configPath: 'sub/.specgaterc.yaml',
      }),
    ).to.deep.equal(new Set(['base', 'unit', 'integration', 'lint']));
    expect(
      await findChangedJobConfigs(ctx, { tip: tips['add-config'], configPath: 'sub/.specgaterc.yaml' }),
    ).to.have.property('size', 4);
    expect(
      await findChangedJobConfigs(ctx, {
        base: tips.main,
        tip: tips['add-config'],
        configPath: '.specgaterc.yml',
      }),
    ).to.deep.equal(new Set());
  });

  it('reads JSON files, package.json#specgate and extension-less .specgaterc (YAML)', async () => {
    const json = (run: string) => JSON.stringify({ jobs: { unit: { run }, lint: { run: 'lint' } } });
    const pkg = (run: string) =>
      JSON.stringify({
        name: 'p',
        version: run === 'a' ? '1.0.0' : '2.0.0',
        specgate: { jobs: { unit: { run: 'x' }, lint: { run } } },
      });
    const { ctx, tips } = await repository(
      {
        '.specgaterc.json': json('a'),
        'package.json': pkg('a'),
        '.specgaterc': 'jobs:\n  unit: { run: a }\n',
      },
      {
        change: {
          '.specgaterc.json': json('b'),
          'package.json': pkg('b'),
          '.specgaterc': 'jobs:\n  unit: { run: b }\n',
        },
      },
    );
    const changed = (configPath: string) =>
      findChangedJobConfigs(ctx, { base: tips.main, tip: tips.change, configPath });
    expect(await changed('.specgaterc.json')).to.deep.equal(new Set(['unit']));
    expect(await changed('package.json')).to.deep.equal(new Set(['lint']));
    expect(await changed('.specgaterc')).to.deep.equal(new Set(['unit']));
  });

  it('gives "all" for a changed JavaScript config, or one that does not parse, and nothing for an unchanged one', async () => {
    const { ctx, tips } = await repository(
      {
        'specgate.config.mjs': 'export default { jobs: { unit: { run: "a" } } };\n',
        '.specgaterc.yml': BASE_YAML,
      },
      {
        'change-js': { 'specgate.config.mjs': 'export default { jobs: { unit: { run: "b" } } };\n' },
        'break-yaml': { '.specgaterc.yml': 'jobs: [unclosed\n' },
      },
    );
    const changed = (tip: string, configPath: string) =>
      findChangedJobConfigs(ctx, { base: tips.main, tip, configPath });
    expect(await changed(tips['change-js'], 'specgate.config.mjs')).to.equal('all');
    expect(await changed(tips['break-yaml'], 'specgate.config.mjs')).to.deep.equal(new Set());
    expect(await changed(tips['break-yaml'], '.specgaterc.yml')).to.equal('all');
  });
});
