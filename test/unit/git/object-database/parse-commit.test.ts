import { expect } from 'chai';
import git from 'isomorphic-git';
import { parseCommit } from '../../../../src/git/object-database/parse-commit.js';
import { readObject } from '../../../../src/git/object-database/read-object.js';
import { commit, contextFor, git as nativeGit, initRepo, removeTempDirs, tempDir } from './object-repos.js';

describe('parseCommit', () => {
  after(removeTempDirs);

  it('agrees with isomorphic-git and git on root, merge and time-zoned commits', async () => {
    const repo = initRepo(tempDir('commit'));
    commit(repo, 'root', { 'a.txt': 'a\n' });
    nativeGit(repo, ['checkout', '-q', '-b', 'side']);
    commit(repo, 'side\n\nwith a body\n\nand a trailer\n', { 'b.txt': 'b\n' });
    nativeGit(repo, ['checkout', '-q', 'main']);
    commit(repo, 'main', { 'c.txt': 'c\n' });
    nativeGit(repo, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side']);
    const tree = nativeGit(repo, ['rev-parse', 'HEAD^{tree}']).toString('utf8').trim();
    const head = nativeGit(repo, ['rev-parse', 'HEAD']).toString('utf8').trim();
    // Time zones west of UTC and UTC itself, and an extra header, which `git commit` would not let us choose.
    const zoned = writeCommit(
      repo,
      tree,
      [head],
      'Ann <ann@example.com> 1700000000 -0530',
      'Bob <bob@example.com> 1700000100 +0000',
      'encoding ISO-8859-1',
    );
    const ids = [...nativeGit(repo, ['rev-list', '--all']).toString('utf8').trim().split('\n'), zoned];
    expect(ids).to.have.length(5);
    const ctx = contextFor(repo);
    for (const oid of ids) {
      const parsed = parseCommit((await readObject(ctx, oid)).content);
      const { commit: theirs } = await git.readCommit({ fs: ctx.fs, gitdir: ctx.gitdir, oid });
      expect(parsed.tree, oid).to.equal(theirs.tree);
      expect(parsed.parents, oid).to.deep.equal(theirs.parent);
      expect(parsed.author, oid).to.deep.equal(theirs.author);
      expect(parsed.committer, oid).to.deep.equal(theirs.committer);
      const parents = nativeGit(repo, ['log', '-1', '--format=%P', oid]).toString('utf8').trim();
      expect(parsed.parents.join(' ')).to.equal(parents);
      expect(parsed.message).to.equal(
        nativeGit(repo, ['cat-file', 'commit', oid]).toString('utf8').split('\n\n').slice(1).join('\n\n'),
      );
    }
    const last = parseCommit((await readObject(ctx, zoned)).content);
    expect(last.author.timezoneOffset).to.equal(330);
    expect(Object.is(last.committer.timezoneOffset, 0)).to.equal(true);
    expect(last.extraHeaders).to.deep.equal({ encoding: 'ISO-8859-1' });
    const merge = parseCommit((await readObject(ctx, head)).content);
    expect(merge.parents).to.have.length(2);
    expect(merge.author.timezoneOffset).to.equal(-120);
  });

  it('reads a signed commit: gpgsig continuation lines, and the message after the headers', () => {
    const raw = [
      'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      'parent 1234567890abcdef1234567890abcdef12345678',
      'author A U Thor <a@example.com> 1700000000 +0100',
      'committer C O Mitter <c@example.com> 1700000001 +0100',
      'gpgsig -----BEGIN PGP SIGNATURE-----',
      ' ',
      ' abcdef',
      ' -----END PGP SIGNATURE-----',
      '',
      'subject',
      '',
      'body',
      '',
    ].join('\n');
    const parsed = parseCommit(Buffer.from(raw));
    expect(parsed.gpgsig).to.equal('-----BEGIN PGP SIGNATURE-----\n\nabcdef\n-----END PGP SIGNATURE-----');
    expect(parsed.message).to.equal('subject\n\nbody\n');
    expect(parsed.author).to.deep.equal({
      name: 'A U Thor',
      email: 'a@example.com',
      timestamp: 1700000000,
      timezoneOffset: -60,
    });
  });

  it('reads headers by position as git does, and refuses a commit without tree or committer', () => {
    const late = parseCommit(
      Buffer.from(
        'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\nparent 1234567890abcdef1234567890abcdef12345678\ncommitter C <c@x> 2 +0000\n\nm',
      ),
    );
    expect(late.parents).to.deep.equal([]);
    expect(late.extraHeaders.parent).to.equal('1234567890abcdef1234567890abcdef12345678');
    expect(() => parseCommit(Buffer.from('author A <a@x> 1 +0000\n\nm'))).to.throw(/tree/);
    expect(() =>
      parseCommit(Buffer.from('tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\n\nm')),
    ).to.throw(/committer/);
  });
});

/** Writes a commit object with exactly these headers, which `git commit` would not let us choose. */
function writeCommit(
  repo: string,
  tree: string,
  parents: string[],
  author: string,
  committer: string,
  extra: string,
): string {
  const body = [
    `tree ${tree}`,
    ...parents.map((parent) => `parent ${parent}`),
    `author ${author}`,
    `committer ${committer}`,
    extra,
    '',
    'message',
    '',
  ];
  return nativeGit(repo, ['hash-object', '-t', 'commit', '-w', '--stdin'], Buffer.from(body.join('\n')))
    .toString('utf8')
    .trim();
}
