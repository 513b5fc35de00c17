import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
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
      return newline < 0 ? { key: item, value: null } : { key: item.slice(0, newline), value: item.slice(newline + 1) };
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
    expect(parseGitConfig(text).map(({ key, value }) => ({ key, value }))).to.deep.equal(nativeEntries(text));
  });
});
