import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { openGitContext } from '../../../../src/git/open-git-context.js';
import { readCommit } from '../../../../src/git/object-database/read-commit.js';
import { readObject } from '../../../../src/git/object-database/read-object.js';
import { commit, contextFor, git, initRepo, removeTempDirs, tempDir } from './object-repos.js';

/** The pack files this process has open (Linux: the targets of /proc/self/fd). */
function openPacks(repo: string): string[] {
  const packs: string[] = [];
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = fs.readlinkSync(path.join('/proc/self/fd', fd));
    } catch {
      continue; // closed since the listing
    }
    const inPacks = target.startsWith(path.join(repo, '.git', 'objects', 'pack'));
    if (inPacks && target.endsWith('.pack')) packs.push(target);
  }
  return packs;
}

/** A repository whose two commits are in one pack, with no loose objects left. */
function packedRepository(): { repo: string; head: string } {
  const repo = initRepo(tempDir('specgate-odb-'));
  commit(repo, 'one', { 'a.txt': 'a\n' });
  commit(repo, 'two', { 'a.txt': 'b\n' });
  git(repo, ['repack', '-adq']);
  git(repo, ['prune-packed']);
  return { repo, head: git(repo, ['rev-parse', 'HEAD']).toString().trim() };
}

describe('the object database handle (openObjectDatabase)', () => {
  after(removeTempDirs);

  it('closes the pack files its reads opened on close(), and reopens them for a later read', async () => {
    const { repo, head } = packedRepository();
    const ctx = contextFor(repo);
    expect(openPacks(repo)).to.deep.equal([]);
    const before = await readObject(ctx, head);
    expect(openPacks(repo), 'a read opens the pack').to.have.length(1);
    await ctx.objectDatabase.close();
    expect(openPacks(repo), 'closed').to.deep.equal([]);
    const after = await readObject(ctx, git(repo, ['rev-parse', 'HEAD^']).toString().trim());
    expect(after.type).to.equal('commit');
    expect(before.type).to.equal('commit');
    expect(openPacks(repo), 'reopened by the later read').to.have.length(1);
    await ctx.objectDatabase.close();
    expect(openPacks(repo)).to.deep.equal([]);
  });

  it('owns its memos: answers again from them; another database, or this one once closed, reads afresh', async () => {
    const { repo, head } = packedRepository();
    const ctx = contextFor(repo);
    const first = readCommit(ctx, head);
    expect(readCommit(ctx, head), 'the same database: the same read').to.equal(first);
    const other = openGitContext(ctx);
    expect(other.objectDatabase).to.not.equal(ctx.objectDatabase);
    expect(readCommit(other, head), 'another database: its own read').to.not.equal(first);
    expect((await readCommit(other, head)).tree).to.equal((await first).tree);
    await ctx.objectDatabase.close();
    expect(readCommit(ctx, head), 'closed: the memo is gone').to.not.equal(first);
    await ctx.objectDatabase.close();
    await other.objectDatabase.close();
  });
});
