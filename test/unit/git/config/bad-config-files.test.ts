import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { UserError } from '../../../../src/errors/specgate-error.js';
import { readConversionConfig } from '../../../../src/git/attributes/read-conversion-config.js';
import { checkRepositoryFormat } from '../../../../src/git/config/check-repository-format.js';
import { scratchDir } from '../../../helpers/fixture-repo.js';
import { git } from '../../../helpers/git.js';

function refusal(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  expect.fail('no error');
}

describe('config files git dies on, for each reader', function () {
  this.timeout(30_000);

  it("refuses a bad line in the user's global config, naming that file and line as git does, rather than drop its filters", function () {
    const root = fs.realpathSync(scratchDir('specgate-badcfg-'));
    const dir = path.join(root, 'repo');
    git(root, 'init', '-q', '-b', 'main', dir);
    const global = path.join(root, 'gitconfig');
    fs.writeFileSync(global, '[filter "lfs"]\n\tsmudge = git-lfs smudge -- %f\n\trequired = true\n!!bad\n');
    const env = { HOME: root, GIT_CONFIG_GLOBAL: global, GIT_CONFIG_NOSYSTEM: '1' };
    const native = spawnSync('git', ['status'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    expect(native.status).to.equal(128);
    expect(native.stderr).to.equal(`fatal: bad config line 4 in file ${global}\n`);
    const error = refusal(() =>
      readConversionConfig({ fs, commonDir: path.join(dir, '.git'), workTree: dir, env }),
    );
    expect(error.code).to.equal('BAD_GIT_CONFIG');
    expect(error.message).to.equal(`bad config line 4 in file ${global}`);
  });

  it("refuses a bad line in the repository's config when checking its format, where git's every command dies", function () {
    const root = fs.realpathSync(scratchDir('specgate-badcfg-'));
    const dir = path.join(root, 'repo');
    git(root, 'init', '-q', '-b', 'main', dir);
    const file = path.join(dir, '.git', 'config');
    fs.appendFileSync(file, '[extensions]\n\tobjectFormat = "sha256\n');
    const native = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' });
    const line = /bad config line (\d+) in file \.git\/config/.exec(native.stderr);
    expect(line, native.stderr).not.to.equal(null);
    const error = refusal(() =>
      checkRepositoryFormat({ fs, commonDir: path.join(dir, '.git'), repository: dir }),
    );
    expect(error.code).to.equal('BAD_GIT_CONFIG');
    expect(error.message).to.equal(`bad config line ${line![1]} in file ${file}`);
  });
});
