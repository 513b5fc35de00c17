import { expect } from 'chai';
import { isChangeSpec } from '../../../../src/core/changes/is-change-spec.js';

describe('isChangeSpec', () => {
  it('accepts branches, tags, commit ids, HEAD and ~N/^N suffixes', () => {
    for (const spec of [
      'main',
      'feature/a-b_c.d',
      'v1.2.3',
      'abc1234',
      'HEAD',
      'HEAD~2',
      'topic^',
      'topic^2~1',
      'origin/main',
      'user@host-fix',
      'a+b',
    ]) {
      expect(isChangeSpec(spec), spec).to.equal(true);
    }
  });

  it('refuses several words, shell syntax, URLs and what git check-ref-format refuses', () => {
    for (const spec of [
      '',
      'a b',
      '$(touch x)',
      '`id`',
      "'a'",
      'a;b',
      'a|b',
      'https://x/y',
      'a..b',
      'a@{1}',
      '.hidden',
      'a/.b',
      'a.lock',
      'a/',
      '/a',
      '-a',
      'a.',
      'a//b',
      '@',
      '~1',
      'a*',
      'a?b',
      'a[1]',
      'a\\b',
    ]) {
      expect(isChangeSpec(spec), spec).to.equal(false);
    }
  });
});
