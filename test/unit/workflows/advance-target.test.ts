import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../../src/core/types.js';
import { createAdapters } from '../../../src/cli/create-adapters.js';
import { advanceTarget } from '../../../src/workflows/advance-target.js';
import { scratchDir } from '../../helpers/fixture-repo.js';
import { git } from '../../helpers/git.js';

/** A repository with main checked out and a branch `feature` one commit ahead of it. */
function repository(): { dir: string; main: string; feature: string } {
  const dir = scratchDir('specgate-advance-');
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  fs.writeFileSync(path.join(dir, 'b.txt'), 'b\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'feature');
  git(dir, 'checkout', '-q', 'main');
  return {
    dir,
    main: git(dir, 'rev-parse', 'main').trim(),
    feature: git(dir, 'rev-parse', 'feature').trim(),
  };
}

/** The part of a gate's result the advance reads: `feature` accepted (or rejected) on main. */
function gateResult(main: string, feature: string, result: 'SUCCESS' | 'FAILURE'): PipelineResult {
  return {
    mode: 'gate',
    verdict: result,
    target: { ref: 'main', sha: main },
    changes: [
      {
        id: 'feature',
        sha: feature,
        result,
        includes: ['feature'],
        ...(result === 'SUCCESS' && { speculativeSha: feature }),
      },
    ],
  } as unknown as PipelineResult;
}

describe('advanceTarget: an interrupt after the verdict, before the move', () => {
  const cases = [
    { flags: { merge: true }, message: 'interrupted before --merge; main was not moved' },
    { flags: { merge: false, tag: 'v1' }, message: 'interrupted before --tag; v1 was not created' },
    {
      flags: { merge: true, tag: 'v1' },
      message: 'interrupted before --merge; main was not moved and v1 not tagged',
    },
  ];
  for (const { flags, message } of cases) {
    it(`${[flags.merge && '--merge', flags.tag && '--tag'].filter(Boolean).join(' ')}: nothing moved or tagged, refused as "interrupted" (the caller exits 130)`, async () => {
      const { dir, main, feature } = repository();
      const interruption = new AbortController();
      const advance = await advanceTarget({
        adapters: createAdapters(),
        cwd: dir,
        ...flags,
        signal: interruption.signal,
      });
      interruption.abort(new Error('interrupted by SIGINT'));
      const outcome = await advance(gateResult(main, feature, 'SUCCESS'));
      expect(outcome).to.deep.equal({ refused: { reason: 'interrupted', message, paths: [] } });
      expect(git(dir, 'rev-parse', 'main').trim()).to.equal(main);
      expect(git(dir, 'tag', '--list')).to.equal('');
      expect(git(dir, 'status', '--porcelain')).to.equal('');
    });
  }

  it('nothing accepted: nothing was to be moved, so the interrupt stops nothing (the normal status stands)', async () => {
    const { dir, main, feature } = repository();
    const interruption = new AbortController();
    const advance = await advanceTarget({
      adapters: createAdapters(),
      cwd: dir,
      merge: true,
      tag: 'v1',
      signal: interruption.signal,
    });
    interruption.abort(new Error('interrupted by SIGINT'));
    expect(await advance(gateResult(main, feature, 'FAILURE'))).to.deep.equal({
      nothingAccepted: true,
      notTagged: { name: 'v1', rejected: ['feature'] },
    });
  });

  it('--tag already on the accepted commit: nothing was to be done, so nothing is refused', async () => {
    const { dir, main, feature } = repository();
    git(dir, 'tag', 'v1', feature);
    const interruption = new AbortController();
    const advance = await advanceTarget({
      adapters: createAdapters(),
      cwd: dir,
      merge: false,
      tag: 'v1',
      signal: interruption.signal,
    });
    interruption.abort(new Error('interrupted by SIGINT'));
    const outcome = await advance(gateResult(main, feature, 'SUCCESS'));
    expect(outcome).to.deep.equal({ alreadyTagged: { ref: 'refs/tags/v1', name: 'v1', sha: feature } });
  });
});
