import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { mergeFileContents } from '../../../../../src/git/merge-engine/xdiff/merge-file-contents.js';
import { gitMergeTree } from '../helpers/git-merge-tree.js';
import { importTrees } from '../helpers/import-trees.js';
import { createSandbox, type Sandbox } from '../helpers/sandbox.js';
import { file } from '../helpers/tree-spec.js';

/**
 * The conflicted file merge-ort writes (into a virtual merge base, or the tree `git merge-tree` prints)
 * must be git's byte for byte. The oracle is the blob `git merge-tree --write-tree` leaves at the path:
 * ll_merge's own settings (histogram diff, XDL_MERGE_ZEALOUS), labels = the commit names given, and the
 * marker size from `conflict-marker-size` in info/attributes. (`git merge-file` is no oracle here: it
 * uses the Myers diff and the alphanumeric simplification, which merge-ort does not.)
 */
describe('conflict markers', function () {
  this.timeout(180_000);
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox.remove());

  function setMarkerSize(size: number): void {
    fs.mkdirSync(path.join(sandbox.gitdir, 'info'), { recursive: true });
    fs.writeFileSync(path.join(sandbox.gitdir, 'info', 'attributes'), `* conflict-marker-size=${size}\n`);
  }

  /** Git's bytes for f, ours, and whether both call it a conflict. */
  async function compare(base: Buffer | undefined, ours: Buffer, theirs: Buffer, size: number) {
    setMarkerSize(size);
    const imported = await importTrees(sandbox, {
      base: base === undefined ? { keep: file('x\n') } : { keep: file('x\n'), f: file(base) },
      ours: { keep: file('x\n'), f: file(ours) },
      theirs: { keep: file('x\n'), f: file(theirs) },
    });
    const merged = gitMergeTree(sandbox, imported.ours.commit, imported.theirs.commit, false);
    const gitBytes = Buffer.from(sandbox.git(['cat-file', 'blob', `${merged.tree}:f`]).stdout, 'latin1');
    const result = mergeFileContents({
      base: base ?? Buffer.alloc(0),
      ours,
      theirs,
      markers: { size, ours: imported.ours.commit, theirs: imported.theirs.commit },
    });
    expect(result.clean, 'clean as git').to.equal(merged.clean);
    const ourBytes = result.clean ? result.content : result.content;
    expect(Buffer.from(ourBytes!).toString('latin1')).to.equal(gitBytes.toString('latin1'));
    return merged.clean;
  }

  it('writes a simple conflict with the labels and marker size given', async () => {
    const clean = await compare(
      Buffer.from('1\n2\n3\n'),
      Buffer.from('1\nours\n3\n'),
      Buffer.from('1\ntheirs\n3\n'),
      7,
    );
    expect(clean).to.equal(false);
    await compare(Buffer.from('1\n2\n3\n'), Buffer.from('1\nours\n3\n'), Buffer.from('1\ntheirs\n3\n'), 9);
  });

  it('narrows a conflict to the lines that differ and fuses conflicts fewer than four lines apart', async () => {
    const base = Buffer.from('a\nb\nc\nd\ne\nf\ng\nh\n');
    await compare(
      base,
      Buffer.from('A\nb\nc\nD\ne\nf\ng\nH\n'),
      Buffer.from('A2\nb\nc\nD2\ne\nf\ng\nH2\n'),
      7,
    );
    await compare(
      base,
      Buffer.from('1\n2\n3\n4\n5\n6\n7\n8\n9\n'),
      Buffer.from('1\n2\nx\n4\n5\n6\n7\ny\n9\n'),
      11,
    );
  });

  it('adds the missing final newline inside the markers and keeps CRLF files CRLF', async () => {
    await compare(Buffer.from('a\nb'), Buffer.from('a\nours'), Buffer.from('a\ntheirs'), 7);
    await compare(
      Buffer.from('a\r\nb\r\nc\r\n'),
      Buffer.from('a\r\nB\r\nc\r\n'),
      Buffer.from('a\r\nBB\r\nc\r\n'),
      7,
    );
    await compare(Buffer.from('a\r\nb'), Buffer.from('a\r\nx'), Buffer.from('a\r\ny'), 9);
    await compare(undefined, Buffer.from('one'), Buffer.from('two'), 7);
  });

  it('agrees with git byte for byte on generated conflicting edits', async () => {
    const vocabulary = fc.constantFrom('a', 'b', '}', '', '{', 'x', 'a\r');
    const fileText = (lines: string[], newline: boolean) =>
      lines.join('\n') + (lines.length > 0 && newline ? '\n' : '');
    const edit = fc.record({
      at: fc.nat(30),
      kind: fc.constantFrom('insert', 'delete', 'replace'),
      line: vocabulary,
    });
    const apply = (lines: string[], edits: { at: number; kind: string; line: string }[]) => {
      const out = [...lines];
      for (const e of edits) {
        const at = e.at % (out.length + 1);
        if (e.kind === 'insert') out.splice(at, 0, e.line);
        else if (out.length > 0)
          out.splice(Math.min(at, out.length - 1), 1, ...(e.kind === 'replace' ? [`${e.line}!`] : []));
      }
      return out;
    };
    let conflicts = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(vocabulary, { maxLength: 30 }),
        fc.array(edit, { minLength: 1, maxLength: 5 }),
        fc.array(edit, { minLength: 1, maxLength: 5 }),
        fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
        fc.constantFrom(7, 9, 11),
        async (base, oursEdits, theirsEdits, newlines, size) => {
          const bytes = (lines: string[], newline: boolean) =>
            Buffer.from(fileText(lines, newline), 'latin1');
          const clean = await compare(
            bytes(base, newlines[0]),
            bytes(apply(base, oursEdits), newlines[1]),
            bytes(apply(base, theirsEdits), newlines[2]),
            size,
          );
          if (!clean) conflicts++;
        },
      ),
      { numRuns: 200 },
    );
    expect(conflicts, 'most generated merges conflict').to.be.greaterThan(50);
  });
});
