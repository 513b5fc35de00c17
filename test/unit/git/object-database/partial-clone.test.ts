import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { loadCommitGraph } from '../../../../src/git/object-database/load-commit-graph.js';
import { prefetch } from '../../../../src/git/object-database/prefetch.js';
import { readObject } from '../../../../src/git/object-database/read-object.js';
import { readPromisorRemotes } from '../../../../src/git/object-database/read-promisor-remotes.js';
import { readRepositoryConfig } from '../../../../src/git/object-database/read-repository-config.js';
import { commit, contextFor, git, initRepo, removeTempDirs, tempDir } from './object-repos.js';

/** A remote of `count` files changed over three commits, and a blob:none partial clone of it. */
function partialClone(count: number): { remote: string; clone: string; missing: string[] } {
  const remote = initRepo(tempDir('remote'));
  git(remote, ['config', 'uploadpack.allowFilter', 'true']);
  for (let round = 0; round < 3; round++) {
    commit(
      remote,
      `round ${round}`,
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => [`f${i}.txt`, `file ${i} round ${round}\n`]),
      ),
    );
  }
  const clone = path.join(tempDir('clone'), 'clone');
  git(path.dirname(clone), ['clone', '-q', '--filter=blob:none', '--no-checkout', `file://${remote}`, clone]);
  const missing = git(clone, ['rev-list', '--objects', '--missing=print', '--all'])
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('?'))
    .map((line) => line.slice(1));
  return { remote, clone, missing };
}

const packCount = (repo: string) =>
  fs.readdirSync(path.join(repo, '.git', 'objects', 'pack')).filter((name) => name.endsWith('.pack')).length;

describe('partial clones: promised objects', () => {
  after(removeTempDirs);

  it('fetches a missing blob from the promisor remote on read, byte for byte', async () => {
    const { remote, clone, missing } = partialClone(3);
    expect(missing).to.have.length(9);
    const ctx = contextFor(clone);
    expect(readPromisorRemotes(ctx)).to.deep.equal(['origin']);
    const object = await readObject(ctx, missing[0]);
    expect(object.type).to.equal('blob');
    expect(object.content.equals(git(remote, ['cat-file', 'blob', missing[0]]))).to.equal(true);
    await ctx.objectDatabase.close();
  });

  it('fetches concurrent misses in one fetch, and a prefetch in one fetch', async () => {
    const { clone, missing } = partialClone(6);
    const ctx = contextFor(clone);
    const packs = packCount(clone);
    const first = missing.slice(0, 6);
    await Promise.all(first.map((oid) => readObject(ctx, oid)));
    expect(packCount(clone), 'one pack for the six concurrent misses').to.equal(packs + 1);
    await prefetch(ctx, missing);
    expect(packCount(clone), 'one pack for the rest').to.equal(packs + 2);
    // Nothing is missing any more, so reading everything fetches nothing.
    for (const oid of missing) expect((await readObject(ctx, oid)).type).to.equal('blob');
    await prefetch(ctx, missing);
    expect(packCount(clone)).to.equal(packs + 2);
    await ctx.objectDatabase.close();
  });

  it('names the object and the remote when the remote is gone, or git is not installed', async () => {
    const { remote, clone, missing } = partialClone(2);
    fs.renameSync(remote, `${remote}-gone`);
    const error = await readObject(contextFor(clone), missing[0]).then(
      () => undefined,
      (caught: { code?: string; message: string }) => caught,
    );
    expect(error?.code).to.equal('MISSING_OBJECT');
    expect(error?.message).to.contain(missing[0]).and.contain("promisor remote 'origin'");
    expect(error?.message).to.not.contain('\n');

    const prefetched = await prefetch(contextFor(clone), missing).then(
      () => undefined,
      (caught: { code?: string; message: string }) => caught,
    );
    expect(prefetched?.message).to.match(
      new RegExp(`objects ${missing[0]} \\(and ${missing.length - 1} more\\)`),
    );

    const pathBefore = process.env.PATH;
    process.env.PATH = tempDir('no-git');
    try {
      const noGit = await readObject(contextFor(clone), missing[1]).then(
        () => undefined,
        (caught: { code?: string; message: string }) => caught,
      );
      expect(noGit?.code).to.equal('MISSING_OBJECT');
      expect(noGit?.message).to.contain(missing[1]).and.contain('git is not installed');
    } finally {
      process.env.PATH = pathBefore;
    }
  });

  it('does not fetch in a repository that is not a partial clone: the object is missing, by name', async () => {
    const repo = initRepo(tempDir('plain'));
    commit(repo, 'one', { 'a.txt': 'a\n' });
    const oid = '0123456789abcdef0123456789abcdef01234567';
    const error = await readObject(contextFor(repo), oid).then(
      () => undefined,
      (caught: { code?: string; message: string; suggestion?: string }) => caught,
    );
    expect(error?.code).to.equal('MISSING_OBJECT');
    expect(error?.message).to.contain(oid);
    expect(error?.suggestion).to.contain('git fsck');
  });
});

describe('the repository config, as the object layer reads it', () => {
  after(removeTempDirs);

  it('reads sections, subsections, quoting, escapes, comments and bare booleans as git config --list does', () => {
    const repo = initRepo(tempDir('config'));
    fs.appendFileSync(
      path.join(repo, '.git', 'config'),
      [
        '[remote "Up Stream"]',
        '\turl = "file:///tmp/a b" ; a comment',
        '\tPromisor',
        '[Remote.lower]',
        '\tpromisor = false # off',
        '[extensions]',
        '\tpartialClone = Up\\',
        ' Stream',
        '[core] commitGraph = "no"',
        '',
      ].join('\n'),
    );
    const ctx = contextFor(repo);
    const ours = readRepositoryConfig(ctx).map(({ name, value }) => `${name}=${value ?? 'true'}`);
    const theirs = git(repo, ['config', '--file', '.git/config', '--list'])
      .toString('utf8')
      .trim()
      .split('\n');
    // git lowercases keys but keeps the subsection as written; a bare key lists without '=' .
    expect(ours).to.deep.equal(theirs.map((line) => (line.includes('=') ? line : `${line}=true`)));
    expect(readPromisorRemotes(ctx)).to.deep.equal(['Up Stream']);
    expect(loadCommitGraph(ctx), 'core.commitGraph = no turns the graph off').to.equal(undefined);
  });

  it('ignores a commit-graph git would not read', async () => {
    const repo = initRepo(tempDir('graph'));
    commit(repo, 'one', { 'a.txt': 'a\n' });
    git(repo, ['commit-graph', 'write', '--reachable']);
    const file = path.join(repo, '.git', 'objects', 'info', 'commit-graph');
    expect(loadCommitGraph(contextFor(repo))?.count).to.equal(1);
    fs.chmodSync(file, 0o644);
    const bytes = fs.readFileSync(file);
    bytes.write('XXXX', 0, 'latin1');
    fs.writeFileSync(file, bytes);
    expect(loadCommitGraph(contextFor(repo))).to.equal(undefined);
  });
});
