import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { UserError } from '../../../../src/errors/specgate-error.js';
import { parseGitConfig } from '../../../../src/git/config/parse-git-config.js';

/** `git config -f FILE --list -z` as key/value pairs: the oracle. A key without `=` has no value. */
function nativeEntries(text: string): { key: string; value: string | null }[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-config-')), 'config');
  fs.writeFileSync(file, text);
  const result = spawnSync('git', ['config', '-f', file, '--list', '-z'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout
    .split('\0')
    .filter(Boolean)
    .map((item) => {
      const newline = item.indexOf('\n');
      return newline < 0
        ? { key: item, value: null }
        : { key: item.slice(0, newline), value: item.slice(newline + 1) };
    });
}

describe('parseGitConfig (against git config --list)', () => {
  it('reads sections, subsections, quoting, escapes, comments and continuations as git does', () => {
    const text = [
      '# a comment',
      '; another',
      '[core]',
      '\tautocrlf = true',
      '\tEOL = crlf ; trailing comment',
      '  bare',
      '[filter "lfs"]',
      '\tclean = git-lfs clean -- %f',
      '\tsmudge = "git-lfs smudge -- %f"',
      '\tprocess = git-lfs  filter-process\t# comment',
      '\trequired',
      '[Filter "Mixed.Case"]',
      '\tsmudge = a\\tb \\"q\\" "  kept  " \\\\ x',
      '\tclean = one \\',
      'two',
      '[section.Sub]',
      '\tkey = "semi;colon # hash"',
      '[empty "sub \\"quoted\\""]',
      '\tv =',
      '\tw = ""',
      '',
    ].join('\n');
    expect(parseGitConfig(text, 'config').map(({ key, value }) => ({ key, value }))).to.deep.equal(
      nativeEntries(text),
    );
  });
});

/** git's own verdict on a broken file: the line of its "bad config line N in file F". */
function nativeBadLine(text: string): number {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-config-')), 'config');
  fs.writeFileSync(file, text);
  const result = spawnSync('git', ['config', '-f', file, '--list'], { encoding: 'utf8' });
  const match = /^fatal: bad config line (\d+) in file /m.exec(result.stderr);
  if (result.status === 0 || !match) throw new Error(`git accepts ${JSON.stringify(text)}: ${result.stderr}`);
  return Number(match[1]);
}

describe('parseGitConfig on a line git does not parse', () => {
  for (const text of [
    '[core]\n\tbare = false\n!!bad\n',
    '[core]\na = "foo\nb = 1\n',
    '[core]\na = foo\\\n\\q\n',
    '[co re]\n',
    '[core "x\n',
    '[core "x"\n',
    '[core]\n\ta = "x" \\z\n',
    '[core]\na ="abc\\\ndef\n',
    '[core]\n a b\n',
    '[core]\n\n\n1a = 3\n',
    '[core]\r\n\ta = 1\r\n\tb = "open\r\n',
    '[core]\na = "never closed',
    '[core\n',
    '[\n',
    '[core \n',
    '[core "a\\\nb"]\n',
  ]) {
    it(`names the file and the line git names for ${JSON.stringify(text)}`, () => {
      const line = nativeBadLine(text);
      let error: UserError | undefined;
      try {
        parseGitConfig(text, '.git/config');
      } catch (e) {
        error = e as UserError;
      }
      expect(error).to.be.instanceOf(UserError);
      expect(error!.code).to.equal('BAD_GIT_CONFIG');
      expect(error!.message).to.equal(`bad config line ${line} in file .git/config`);
    });
  }

  it('reads a key before any section as git config --list does, rather than refuse it', () => {
    const text = 'a = 1\n[core]\n\tb = 2\n';
    expect(parseGitConfig(text, 'config').map(({ key, value }) => ({ key, value }))).to.deep.equal(
      nativeEntries(text),
    );
  });
});
