import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { readNoteText } from '../../../../src/git/notes/read-note-text.js';
import { readNotes } from '../../../../src/git/notes/read-notes.js';
import { updateNotes } from '../../../../src/git/notes/update-notes.js';
import {
  blobId,
  contextFor,
  expectFsckClean,
  git,
  gitNotes,
  newRepository,
  REF,
  rootEntries,
} from './notes-repo.js';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Edits that set `text(object)` on every object given. */
function setAll(objects: string[], text: (object: string) => string | null): Map<string, string | null> {
  return new Map(objects.map((object) => [object, text(object)]));
}

describe('git notes (updateNotes, readNotes, readNoteText)', () => {
  it('writes notes that git shows and lists exactly, with a parent chain, and removes a note with null', async () => {
    const { dir, blobs, tree } = newRepository(4);
    const ctx = contextFor(dir);
    const texts = new Map([
      [tree, 'passed: unit, lint\n'],
      [blobs[0], 'ünïcødé ✓ — no final newline'],
      [blobs[1], 'line one\nline two\n\n'],
    ]);
    const first = await updateNotes(ctx, {
      ref: REF,
      message: 'specgate: record',
      now: () => 1_700_000_000,
      edit: () => new Map(texts),
    });
    expect(first.changed).to.equal(true);
    expect(first.commit).to.equal(git(dir, ['rev-parse', REF]).trim());
    for (const [object, text] of texts)
      expect(git(dir, ['notes', '--ref', 'specgate', 'show', object])).to.equal(text);
    expect(gitNotes(dir)).to.deep.equal(new Map([...texts].map(([object, text]) => [object, blobId(text)])));
    expect(rootEntries(dir).every((entry) => /^100644 blob [0-9a-f]{40}$/.test(entry))).to.equal(true);
    expect(git(dir, ['log', '-1', '--format=%an <%ae> %at|%cn <%ce> %ct|%P|%B', REF])).to.equal(
      'specgate <specgate@localhost> 1700000000|specgate <specgate@localhost> 1700000000||specgate: record\n\n',
    );
    expectFsckClean(dir);

    const second = await updateNotes(ctx, {
      ref: REF,
      message: 'specgate: update',
      now: () => 1_700_000_100,
      edit: (current) => {
        expect(current.commit).to.equal(first.commit);
        expect(current.notes).to.deep.equal(
          new Map([...texts].map(([object, text]) => [object, blobId(text)])),
        );
        return new Map([
          [tree, 'failed\n'],
          [blobs[1], null],
          [blobs[2], 'new\n'],
          [blobs[3], null],
        ]);
      },
    });
    expect(second.changed).to.equal(true);
    expect(git(dir, ['log', '--format=%H %P %s', REF]).trim().split('\n')).to.deep.equal([
      `${second.commit} ${first.commit} specgate: update`,
      `${first.commit}  specgate: record`,
    ]);
    expect(gitNotes(dir)).to.deep.equal(
      new Map([
        [tree, blobId('failed\n')],
        [blobs[0], blobId(texts.get(blobs[0])!)],
        [blobs[2], blobId('new\n')],
      ]),
    );
    expect(() => git(dir, ['notes', '--ref', 'specgate', 'show', blobs[1]])).to.throw(/no note found/);
    const snapshot = await readNotes(ctx, { ref: REF });
    expect(snapshot.commit).to.equal(second.commit);
    expect(await readNoteText(ctx, snapshot.notes.get(tree)!)).to.equal('failed\n');
    // Both moves are in the ref's reflog, as git logs notes refs.
    expect(
      fs
        .readFileSync(path.join(dir, '.git', 'logs', REF), 'utf8')
        .trim()
        .split('\n'),
    ).to.have.length(2);
    expectFsckClean(dir);
  });

  it('reads a missing ref as no notes, and writes nothing for an empty edit or one that changes nothing', async () => {
    const { dir, blobs } = newRepository(2);
    const ctx = contextFor(dir);
    expect(await readNotes(ctx, { ref: REF })).to.deep.equal({ commit: undefined, notes: new Map() });
    expect(await updateNotes(ctx, { ref: REF, message: 'm', edit: () => new Map() })).to.deep.equal({
      commit: undefined,
      changed: false,
    });
    expect(
      await updateNotes(ctx, { ref: REF, message: 'm', edit: () => new Map([[blobs[0], null]]) }),
    ).to.deep.equal({ commit: undefined, changed: false });
    expect(fs.existsSync(path.join(dir, '.git', REF))).to.equal(false);

    const written = await updateNotes(ctx, {
      ref: REF,
      message: 'm',
      edit: () => new Map([[blobs[0], 'x']]),
    });
    let calls = 0;
    const noop = await updateNotes(ctx, { ref: REF, message: 'm', edit: () => (calls++, new Map()) });
    expect(noop).to.deep.equal({ commit: written.commit, changed: false });
    const same = await updateNotes(ctx, {
      ref: REF,
      message: 'm',
      edit: () =>
        new Map([
          [blobs[0], 'x'],
          [blobs[1], null],
        ]),
    });
    expect(same).to.deep.equal({ commit: written.commit, changed: false });
    expect(calls).to.equal(1);
    expect(git(dir, ['rev-list', '--count', REF]).trim()).to.equal('1');
  });

  it('replaces all notes with a parentless commit, and deleting the last note leaves an empty tree', async () => {
    const { dir, blobs } = newRepository(3);
    const ctx = contextFor(dir);
    await updateNotes(ctx, {
      ref: REF,
      message: 'one',
      edit: () => setAll(blobs.slice(0, 2), (object) => `old ${object}`),
    });
    await updateNotes(ctx, { ref: REF, message: 'two', edit: () => setAll([blobs[2]], () => 'old') });
    expect(git(dir, ['rev-list', '--count', REF]).trim()).to.equal('2');

    const cleared = await updateNotes(ctx, {
      ref: REF,
      message: 'clear',
      replace: true,
      edit: () => new Map([[blobs[1], 'fresh\n']]),
    });
    expect(cleared.changed).to.equal(true);
    expect(git(dir, ['log', '--format=%P|%s', REF]).trim()).to.equal('|clear');
    expect(gitNotes(dir)).to.deep.equal(new Map([[blobs[1], blobId('fresh\n')]]));

    const emptied = await updateNotes(ctx, {
      ref: REF,
      message: 'drop',
      edit: () => new Map([[blobs[1], null]]),
    });
    expect(emptied.changed).to.equal(true);
    expect(git(dir, ['rev-parse', `${REF}^{tree}`]).trim()).to.equal(EMPTY_TREE);
    expect(git(dir, ['log', '--format=%P', '-1', REF]).trim()).to.equal(cleared.commit);
    expect(gitNotes(dir).size).to.equal(0);
    expect(await readNotes(ctx, { ref: REF })).to.deep.equal({ commit: emptied.commit, notes: new Map() });
    expectFsckClean(dir);
  });

  it('fans out beyond 256 notes; git reads every note, adds one on top, and we read it all back', async () => {
    const { dir, blobs } = newRepository(300);
    const ctx = contextFor(dir);
    const text = (object: string): string => `result for ${object}\n`;
    await updateNotes(ctx, { ref: REF, message: 'flat', edit: () => setAll(blobs.slice(0, 256), text) });
    expect(rootEntries(dir)).to.have.length(256);
    expect(rootEntries(dir).every((entry) => /^100644 blob [0-9a-f]{40}$/.test(entry))).to.equal(true);

    await updateNotes(ctx, { ref: REF, message: 'fanout', edit: () => setAll(blobs.slice(256, 299), text) });
    const prefixes = [...new Set(blobs.slice(0, 299).map((object) => object.slice(0, 2)))].sort();
    expect(rootEntries(dir)).to.deep.equal(prefixes.map((prefix) => `040000 tree ${prefix}`));
    const expected = new Map(blobs.slice(0, 299).map((object) => [object, blobId(text(object))]));
    expect(gitNotes(dir)).to.deep.equal(expected);
    for (const object of [blobs[0], blobs[150], blobs[298]])
      expect(git(dir, ['notes', '--ref', 'specgate', 'show', object])).to.equal(text(object));
    expectFsckClean(dir);

    git(dir, ['notes', '--ref', 'specgate', 'add', '-m', 'added by git', blobs[299]]);
    git(dir, ['notes', '--ref', 'specgate', 'add', '-f', '-m', 'overwritten by git', blobs[7]]);
    const snapshot = await readNotes(ctx, { ref: REF });
    expect(snapshot.commit).to.equal(git(dir, ['rev-parse', REF]).trim());
    expect(snapshot.notes).to.deep.equal(gitNotes(dir));
    expect(snapshot.notes.size).to.equal(300);
    expect(await readNoteText(ctx, snapshot.notes.get(blobs[299])!)).to.equal('added by git\n');
    expect(await readNoteText(ctx, snapshot.notes.get(blobs[7])!)).to.equal('overwritten by git\n');

    // Removing notes down to the flat size flattens the tree again.
    await updateNotes(ctx, {
      ref: REF,
      message: 'shrink',
      edit: () => setAll(blobs.slice(0, 100), () => null),
    });
    expect(rootEntries(dir)).to.have.length(200);
    expect(gitNotes(dir).size).to.equal(200);
    expectFsckClean(dir);
  });

  describe('reads notes git wrote', function () {
    let built: { dir: string; blobs: string[]; tree: string };

    before(function () {
      this.timeout(300_000);
      built = newRepository(320);
      for (const [i, object] of built.blobs.entries())
        git(built.dir, ['notes', '--ref', 'specgate', 'add', '-m', `git note ${i} ✓`, object]);
      git(built.dir, ['notes', '--ref', 'specgate', 'add', '-m', 'the tree', built.tree]);
    });

    /** A copy of the repository git annotated, so that each test can change it. */
    function copy(): string {
      const dir = `${built.dir}-copy-${Math.random().toString(36).slice(2)}`;
      fs.cpSync(built.dir, dir, { recursive: true });
      after(() => fs.rmSync(dir, { recursive: true, force: true }));
      return dir;
    }

    /** Asserts that readNotes and readNoteText give what `git notes list` and `git cat-file` give. */
    async function expectSameAsGit(dir: string): Promise<void> {
      const ctx = contextFor(dir);
      const listed = gitNotes(dir);
      expect(listed.size).to.equal(321);
      const snapshot = await readNotes(ctx, { ref: REF });
      expect(snapshot.commit).to.equal(git(dir, ['rev-parse', REF]).trim());
      expect(snapshot.notes).to.deep.equal(listed);
      const shown = git(dir, ['cat-file', '--batch'], [...listed.values()].join('\n') + '\n');
      let ours = '';
      for (const blob of listed.values()) {
        const text = await readNoteText(ctx, blob);
        ours += `${blob} blob ${Buffer.byteLength(text)}\n${text}\n`;
      }
      expect(ours).to.equal(shown);
      for (const index of [0, 161, 319]) {
        const object = built.blobs[index];
        expect(await readNoteText(ctx, snapshot.notes.get(object)!))
          .to.equal(git(dir, ['notes', '--ref', 'specgate', 'show', object]))
          .and.to.equal(`git note ${index} ✓\n`);
      }
    }

    it('with git’s fanout, loose objects and a loose ref', async () => {
      expect(rootEntries(built.dir).every((entry) => /^040000 tree [0-9a-f]{2}$/.test(entry))).to.equal(true);
      await expectSameAsGit(built.dir);
    });

    it('after git pack-refs --all (the ref only in packed-refs)', async () => {
      const dir = copy();
      git(dir, ['pack-refs', '--all']);
      expect(fs.existsSync(path.join(dir, '.git', REF))).to.equal(false);
      expect(fs.readFileSync(path.join(dir, '.git', 'packed-refs'), 'utf8')).to.contain(` ${REF}\n`);
      await expectSameAsGit(dir);
    });

    it('after git gc (objects packed)', async () => {
      const dir = copy();
      git(dir, ['gc', '-q']);
      const noteBlob = gitNotes(dir).get(built.tree)!;
      expect(
        fs.existsSync(path.join(dir, '.git', 'objects', noteBlob.slice(0, 2), noteBlob.slice(2))),
      ).to.equal(false);
      await expectSameAsGit(dir);
      // And we can write on top of the packed ref and packed objects.
      const ctx = contextFor(dir);
      const result = await updateNotes(ctx, {
        ref: REF,
        message: 'ours',
        edit: () =>
          new Map([
            [built.blobs[3], 'ours\n'],
            [built.blobs[4], null],
          ]),
      });
      expect(result.changed).to.equal(true);
      const listed = gitNotes(dir);
      expect(listed.size).to.equal(320);
      expect(listed.get(built.blobs[3])).to.equal(blobId('ours\n'));
      expect(listed.has(built.blobs[4])).to.equal(false);
      expect(git(dir, ['notes', '--ref', 'specgate', 'show', built.blobs[5]])).to.equal('git note 5 ✓\n');
      expectFsckClean(dir);
    });
  });

  it('reads mixed fanout (flat, ab/…, ab/cd/…) and ignores entries that are not notes, as git does', async () => {
    const { dir, blobs } = newRepository(8);
    const ctx = contextFor(dir);
    const note = (text: string): string => git(dir, ['hash-object', '-w', '--stdin'], text).trim();
    const mktree = (lines: string[]): string =>
      git(dir, ['mktree'], lines.map((line) => `${line}\n`).join('')).trim();
    const [a, b, c, d, e, f, g] = blobs;
    const readme = note('not a note\n');
    const deep = mktree([`100644 blob ${note('deep\n')}\t${c.slice(4)}`, `100644 blob ${readme}\tREADME`]);
    const level1 = mktree([
      `100644 blob ${note('one level\n')}\t${b.slice(2)}`,
      `100644 blob ${readme}\t${d}`, // 42 hex digits with its prefix: not a note
      `100644 blob ${readme}\t${d.slice(0, 2)}`, // a fanout name that is a file: not a note
    ]);
    const level2 = mktree([`040000 tree ${deep}\t${c.slice(2, 4)}`]);
    const other = mktree([`100644 blob ${note('also one level\n')}\t${e.slice(2)}`]);
    const subdirNote = mktree([`100644 blob ${readme}\tx`]);
    const root = mktree([
      `100644 blob ${note('flat\n')}\t${a}`,
      `100755 blob ${note('executable\n')}\t${f}`, // a regular file too
      `040000 tree ${level1}\t${b.slice(0, 2)}`,
      `040000 tree ${level2}\t${c.slice(0, 2)}`,
      `040000 tree ${other}\t${e.slice(0, 2)}`,
      `040000 tree ${subdirNote}\t${g}`, // a note name that is a tree: not a note
      `100644 blob ${readme}\tREADME`,
      `100644 blob ${readme}\tzz`,
      `040000 tree ${subdirNote}\tnotes`,
    ]);
    expect(new Set([a, b, c, d, e, f, g].map((object) => object.slice(0, 2))).size).to.equal(
      7,
      'the fixture needs distinct first bytes',
    );
    const commit = git(dir, ['commit-tree', root, '-m', 'handmade'], '').trim();
    git(dir, ['update-ref', REF, commit]);

    const listed = gitNotes(dir);
    expect([...listed.keys()].sort()).to.deep.equal([a, b, c, e, f].sort());
    const snapshot = await readNotes(ctx, { ref: REF });
    expect(snapshot).to.deep.equal({ commit, notes: listed });
    expect(await readNoteText(ctx, snapshot.notes.get(c)!)).to.equal('deep\n');
    expect(await readNoteText(ctx, snapshot.notes.get(f)!)).to.equal('executable\n');
  });

  it('retries from a fresh snapshot when another writer moved the ref, so both edits survive', async () => {
    const { dir, blobs } = newRepository(3);
    const ctx = contextFor(dir);
    await updateNotes(ctx, { ref: REF, message: 'base', edit: () => new Map([[blobs[0], 'base\n']]) });
    const seen: Array<string[]> = [];
    let competitor: string | undefined;
    const result = await updateNotes(contextFor(dir), {
      ref: REF,
      message: 'mine',
      edit: async (current) => {
        seen.push([...current.notes.keys()].sort());
        if (seen.length === 1) {
          competitor = (
            await updateNotes(ctx, {
              ref: REF,
              message: 'theirs',
              edit: () => new Map([[blobs[1], 'theirs\n']]),
            })
          ).commit;
        }
        return new Map([[blobs[2], 'mine\n']]);
      },
    });
    expect(seen).to.deep.equal([[blobs[0]], [blobs[0], blobs[1]].sort()]);
    expect(result.changed).to.equal(true);
    expect(git(dir, ['log', '--format=%s', REF]).trim().split('\n')).to.deep.equal([
      'mine',
      'theirs',
      'base',
    ]);
    expect(git(dir, ['log', '--format=%P', '-1', REF]).trim()).to.equal(competitor);
    expect(gitNotes(dir)).to.deep.equal(
      new Map([
        [blobs[0], blobId('base\n')],
        [blobs[1], blobId('theirs\n')],
        [blobs[2], blobId('mine\n')],
      ]),
    );
    expectFsckClean(dir);
  });

  it('waits while the ref is locked, and gives up with an error naming the ref when the lock stays', async function () {
    this.timeout(30_000);
    const { dir, blobs } = newRepository(2);
    const ctx = contextFor(dir);
    const lock = path.join(dir, '.git', `${REF}.lock`);
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, '');
    const started = Date.now();
    setTimeout(() => fs.rmSync(lock), 300);
    const result = await updateNotes(ctx, {
      ref: REF,
      message: 'm',
      edit: () => new Map([[blobs[0], 'after the lock\n']]),
    });
    expect(result.changed).to.equal(true);
    expect(Date.now() - started).to.be.at.least(290);
    expect(gitNotes(dir)).to.deep.equal(new Map([[blobs[0], blobId('after the lock\n')]]));

    fs.writeFileSync(lock, '');
    let calls = 0;
    const failure = await updateNotes(ctx, {
      ref: REF,
      message: 'm',
      edit: () => (calls++, new Map([[blobs[1], 'never\n']])),
    }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure).to.be.instanceOf(Error);
    expect(failure!.message).to.contain(REF).and.to.contain('gave up').and.to.contain(lock);
    expect(calls).to.equal(100);
    expect(fs.existsSync(lock)).to.equal(true);
    expect(gitNotes(dir).size).to.equal(1);
  });

  it('refuses an edit whose key is not an object id, writing nothing', async () => {
    const { dir } = newRepository(1);
    const error = await updateNotes(contextFor(dir), {
      ref: REF,
      message: 'm',
      edit: () => new Map([['HEAD', 'x']]),
    }).catch((e: Error) => e);
    expect(error).to.be.instanceOf(Error).with.property('message').that.contains('not an object id');
    expect(fs.existsSync(path.join(dir, '.git', REF))).to.equal(false);
  });
});
