import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { readCoreConfig } from '../../../../src/git/config/read-core-config.js';

/** A config file holding `text`, in a directory of its own. */
function configFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-core-config-')), 'config');
  fs.writeFileSync(file, text);
  return file;
}

/** `git config -f FILE --get core.<name>`, the oracle (`--bool` for a boolean): undefined when git finds none. */
function nativeCore(file: string, name: string, bool = false): string | undefined {
  const args = ['config', '-f', file, ...(bool ? ['--bool'] : []), '--get', `core.${name}`];
  const result = spawnSync('git', args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.replace(/\n$/, '') : undefined;
}

describe('readCoreConfig (against git config --get)', () => {
  it('gives the last [core] value of each name as git does: quoting, comments, case, other sections ignored', () => {
    const file = configFile(
      [
        '[core]',
        '\thooksPath = "my hooks" ; a comment',
        '\tBARE = false',
        '[core "sub"]',
        '\tworktree = not-core',
        '[remote "origin"]',
        '\tworktree = not-core-either',
        '[Core]',
        '\tlogAllRefUpdates = Always',
        '\tworktree = ../tree # trailing',
        '\tbare',
        '',
      ].join('\n'),
    );
    const core = readCoreConfig({ fs, file });
    for (const name of ['hookspath', 'logallrefupdates', 'worktree'])
      expect(core.get(name), name).to.equal(nativeCore(file, name));
    // A bare name (no `=`) is boolean true: git prints it so with --bool, and readCoreConfig gives 'true'.
    expect(nativeCore(file, 'bare', true)).to.equal('true');
    expect(core.get('hookspath')).to.equal('my hooks');
    expect(core.get('bare')).to.equal('true');
  });

  it('has nothing for a missing file, and refuses a line git does not parse, naming the file', () => {
    expect(
      readCoreConfig({ fs, file: path.join(os.tmpdir(), 'specgate-no-such-dir', 'config') }).size,
    ).to.equal(0);
    const file = configFile('[core]\n\tbare = true\n[broken\n');
    expect(() => readCoreConfig({ fs, file }))
      .to.throw(`bad config line 3 in file ${file}`)
      .with.property('code', 'BAD_GIT_CONFIG');
  });
});
