import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { GitContext } from '../../../../src/git/git-context.js';
import { listChangedFiles } from '../../../../src/git/history/list-changed-files.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

/** One tree entry as data: a file (plain or executable), a symlink, or a submodule commit. */
type Entry = { mode: '100644' | '100755' | '120000'; content: string } | { mode: '160000'; commit: string };
type TreeSpec = Map<string, Entry>;

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function newRepository(): { dir: string; ctx: GitContext } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-changed-'));
  made.push(dir);
  execFileSync('git', ['init', '-q', dir]);
  const gitdir = path.join(dir, '.git');
  return { dir, ctx: openGitContext({ fs, dir, gitdir, objectsDir: path.join(gitdir, 'objects') }) };
}

/** Writes one commit per tree with `git fast-import` (each from scratch), returning their ids in order. */
function importTrees(dir: string, trees: TreeSpec[]): string[] {
  let stream = '';
  trees.forEach((tree, i) => {
    stream += `commit refs/heads/t${i}\nmark :${i + 1}\ncommitter T <t@t> ${1_700_000_000 + i} +0000\ndata 1\n${i % 10}\ndeleteall\n`;
    for (const [file, entry] of tree) {
      if (entry.mode === '160000') {
        stream += `M 160000 ${entry.commit} ${file}\n`;
      } else {
        stream += `M ${entry.mode} inline ${file}\ndata ${Buffer.byteLength(entry.content)}\n${entry.content}\n`;
      }
    }
    stream += '\n';
  });
  execFileSync('git', ['fast-import', '--quiet', '--force'], { cwd: dir, input: stream });
  return trees.map((_, i) =>
    execFileSync('git', ['rev-parse', `t${i}`], { cwd: dir, encoding: 'utf8' }).trim(),
  );
}

/** The oracle: git's own list of changed paths, in git's order. */
function gitChangedFiles(dir: string, base: string | undefined, tip: string): string[] {
  const args =
    base === undefined
      ? ['ls-tree', '-r', '-z', '--name-only', tip]
      : ['diff', '--name-only', '-z', '--no-renames', base, tip];
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).split('\0').filter(Boolean);
}

/** Sets `file` in `tree`, first removing whatever is in the way: a file where a directory must be, or below it. */
function put(tree: TreeSpec, file: string, entry: Entry | null): void {
  for (const other of [...tree.keys()]) {
    if (other === file || other.startsWith(`${file}/`) || file.startsWith(`${other}/`)) tree.delete(other);
  }
  if (entry) tree.set(file, entry);
}

const SEGMENTS = ['a', 'b', 'a.b', 'a-b', 'c d', 'ü', 'z'];
const arbitraryPath = fc
  .array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('/'));
const arbitraryEntry: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({
    mode: fc.constantFrom('100644' as const, '100755' as const, '120000' as const),
    content: fc.constantFrom('one', 'two', 'three'),
  }),
  fc.record({
    mode: fc.constant('160000' as const),
    commit: fc.constantFrom('1'.repeat(40), '2'.repeat(40)),
  }),
);
const arbitraryEdits = fc.array(fc.tuple(arbitraryPath, fc.option(arbitraryEntry, { nil: null })), {
  maxLength: 40,
});

describe('listChangedFiles (differential, against git diff --name-only)', () => {
  it("gives the paths git diff --no-renames gives, in git's order, on random trees and edits", async () => {
    const { dir, ctx } = newRepository();
    let round = 0;
    return fc.assert(
      fc.asyncProperty(arbitraryEdits, arbitraryEdits, async (initial, edits) => {
        const base: TreeSpec = new Map();
        for (const [file, entry] of initial) put(base, file, entry);
        const tip = new Map(base);
        for (const [file, entry] of edits) put(tip, file, entry);
        round += 1;
        const [baseOid, tipOid] = importTrees(dir, [base, tip]);
        expect(await listChangedFiles(ctx, { base: baseOid, tip: tipOid }), `round ${round}`).to.deep.equal(
          gitChangedFiles(dir, baseOid, tipOid),
        );
        expect(await listChangedFiles(ctx, { tip: tipOid })).to.deep.equal(
          gitChangedFiles(dir, undefined, tipOid),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('lists renames under both names, and mode, symlink and file-to-directory changes', async () => {
    const { dir, ctx } = newRepository();
    const base: TreeSpec = new Map<string, Entry>([
      ['docs/old.md', { mode: '100644', content: 'doc' }],
      ['run.sh', { mode: '100644', content: 'echo' }],
      ['link', { mode: '100644', content: 'target' }],
      ['lib', { mode: '100644', content: 'was a file' }],
      ['same/deep/file', { mode: '100644', content: 'unchanged' }],
    ]);
    const tip = new Map(base);
    put(tip, 'docs/old.md', null);
    put(tip, 'docs/new.md', { mode: '100644', content: 'doc' });
    put(tip, 'run.sh', { mode: '100755', content: 'echo' });
    put(tip, 'link', { mode: '120000', content: 'target' });
    put(tip, 'lib/index.js', { mode: '100644', content: 'now a directory' });
    const [b, t] = importTrees(dir, [base, tip]);
    const expected = ['docs/new.md', 'docs/old.md', 'lib', 'lib/index.js', 'link', 'run.sh'];
    expect(await listChangedFiles(ctx, { base: b, tip: t })).to.deep.equal(expected);
    expect(gitChangedFiles(dir, b, t)).to.deep.equal(expected);
    expect(await listChangedFiles(ctx, { base: t, tip: b })).to.deep.equal(expected);
    expect(await listChangedFiles(ctx, { base: t, tip: t })).to.deep.equal([]);
  });

  it('accepts tree ids as well as commit ids', async () => {
    const { dir, ctx } = newRepository();
    const [b, t] = importTrees(dir, [
      new Map([['a', { mode: '100644', content: '1' }]]),
      new Map([['a', { mode: '100644', content: '2' }]]),
    ]);
    const tree = (commit: string) =>
      execFileSync('git', ['rev-parse', `${commit}^{tree}`], { cwd: dir, encoding: 'utf8' }).trim();
    expect(await listChangedFiles(ctx, { base: tree(b), tip: tree(t) })).to.deep.equal(['a']);
  });

  it('never reads a subtree whose id is the same on both sides', async () => {
    const { dir, ctx } = newRepository();
    const base: TreeSpec = new Map<string, Entry>([
      ['big/one', { mode: '100644', content: '1' }],
      ['big/nested/two', { mode: '100644', content: '2' }],
      ['src/a.ts', { mode: '100644', content: 'a' }],
    ]);
    const tip = new Map(base);
    put(tip, 'src/a.ts', { mode: '100644', content: 'changed' });
    const [b, t] = importTrees(dir, [base, tip]);
    // Unpack the objects, then delete the shared subtree: reading it would now fail.
    const packs = path.join(dir, '.git', 'objects', 'pack');
    for (const pack of fs.readdirSync(packs).filter((name) => name.endsWith('.pack'))) {
      const bytes = fs.readFileSync(path.join(packs, pack));
      fs.rmSync(path.join(packs, pack));
      fs.rmSync(path.join(packs, pack.replace(/\.pack$/, '.idx')));
      execFileSync('git', ['unpack-objects', '-q'], { cwd: dir, input: bytes });
    }
    const big = execFileSync('git', ['rev-parse', `${t}:big`], { cwd: dir, encoding: 'utf8' }).trim();
    fs.rmSync(path.join(dir, '.git', 'objects', big.slice(0, 2), big.slice(2)));
    expect(await listChangedFiles(ctx, { base: b, tip: t })).to.deep.equal(['src/a.ts']);
    const fresh = openGitContext({ ...ctx });
    await listChangedFiles(fresh, { tip: t }).then(
      () => expect.fail('listing every file must read the deleted tree'),
      (error: { code?: string }) => expect(error.code).to.equal('MISSING_OBJECT'),
    );
  });
});
