import { expect } from 'chai';
import { gitNoteStore } from '../../../src/result-cache/git-note-store.js';
import { RESULTS_REF } from '../../../src/result-cache/results-ref.js';
import { tree } from '../workflows/cache-notes.js';
import { fakeNotes } from '../workflows/fakes.js';

describe('gitNoteStore (fake notes)', () => {
  it('reads the notes ref once, however many trees are asked, and answers undefined for a tree with no note', async () => {
    const notes = fakeNotes({ [tree('1')]: 'one\n' });
    const store = gitNoteStore(notes.api);
    expect(await store.read(tree('1'))).to.equal('one\n');
    expect(await store.read(tree('2'))).to.equal(undefined);
    expect(notes.reads()).to.equal(1);
  });

  it('writes every edit in one update of refs/notes/specgate, each applied to the current text', async () => {
    const notes = fakeNotes({ [tree('1')]: 'old\n' });
    const store = gitNoteStore(notes.api);
    await store.write(
      new Map([
        [tree('1'), (old?: string) => `${old ?? ''}new\n`],
        [tree('2'), (old?: string) => `${old ?? 'none'}\n`],
      ]),
    );
    expect(notes.updates).to.deep.equal([
      { ref: RESULTS_REF, message: "Notes added by 'specgate': 2 trees" },
    ]);
    expect(Object.fromEntries(notes.notes)).to.deep.equal({
      [tree('1')]: 'old\nnew\n',
      [tree('2')]: 'none\n',
    });
  });
});
