import { expect } from 'chai';
import { renderAdvance } from '../../../src/report/render-advance.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('renderAdvance', () => {
  it('says "already up to date" when nothing moved, never "X → X"', () => {
    const lines = renderAdvance({ upToDate: { ref: 'refs/heads/main', sha: A } }, 'main');
    expect(lines).to.deep.equal([{ text: `main: already up to date at ${A.slice(0, 12)}` }]);
  });

  it('says on stderr why --tag made no tag when a change was rejected', () => {
    const lines = renderAdvance(
      {
        upToDate: { ref: 'refs/heads/main', sha: A },
        notTagged: { name: 'v2', rejected: ['x', 'y'] },
      },
      'main',
    );
    expect(lines).to.deep.equal([
      { text: `main: already up to date at ${A.slice(0, 12)}` },
      {
        text: 'not tagged v2: 2 changes were rejected (x, y); --tag needs every change to pass',
        toStderr: true,
      },
    ]);
  });

  it('prints the move and the tag on stdout, a refusal and held-back signals on stderr', () => {
    const lines = renderAdvance(
      {
        merged: { ref: 'refs/heads/main', from: A, to: B, changes: ['x', 'y'] },
        tagged: { ref: 'refs/tags/v1', name: 'v1', sha: B },
        deferredSignals: ['SIGINT', 'SIGINT'],
      },
      'main',
    );
    expect(lines).to.deep.equal([
      { text: `main: ${A.slice(0, 12)} → ${B.slice(0, 12)} (merged x, y)` },
      { text: `tagged v1 at ${B.slice(0, 12)}` },
      { text: 'SIGINT arrived while main was being moved; the move was finished first', toStderr: true },
    ]);
    const refused = renderAdvance(
      { refused: { reason: 'untracked', message: 'main: untracked files … in the way', paths: ['x'] } },
      'main',
    );
    expect(refused).to.deep.equal([{ text: 'main: untracked files … in the way', toStderr: true }]);
    const withRemedy = renderAdvance(
      {
        refused: {
          reason: 'untracked',
          message: 'main: untracked files in /w would be overwritten by the merge: x; nothing merged',
          paths: ['x'],
          suggestion: 'move or remove them',
        },
      },
      'main',
    );
    expect(withRemedy).to.deep.equal([
      {
        text: 'main: untracked files in /w would be overwritten by the merge: x; nothing merged. Try this: move or remove them',
        toStderr: true,
      },
    ]);
  });
});
