import { expect } from 'chai';
import fc from 'fast-check';
import { mergeFileContents } from '../../../../../src/git/merge-engine/xdiff/merge-file-contents.js';
import { gitMergeFile } from '../helpers/git-merge-file.js';
import { createSandbox, type Sandbox } from '../helpers/sandbox.js';

const text = (s: string) => Buffer.from(s, 'utf8');
const asText = (result: ReturnType<typeof mergeFileContents>) =>
  result.clean ? Buffer.from(result.content).toString('utf8') : result;

describe('mergeFileContents', function () {
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox.remove());

  /** Asserts our answer and git's agree, and returns ours. */
  async function agreed(base: string | undefined, ours: string, theirs: string) {
    const result = mergeFileContents({ base: text(base ?? ''), ours: text(ours), theirs: text(theirs) });
    const expected = await gitMergeFile(
      sandbox,
      base === undefined ? undefined : text(base),
      text(ours),
      text(theirs),
    );
    if (expected === undefined) expect(result.clean, 'git conflicts').to.equal(false);
    else expect(asText(result)).to.equal(expected.toString('utf8'));
    return result;
  }

  it('applies changes of both sides that neither overlap nor touch', async () => {
    const result = await agreed('1\n2\n3\n4\n5\n', 'one\n2\n3\n4\n5\n', '1\n2\n3\n4\nfive\n');
    expect(asText(result)).to.equal('one\n2\n3\n4\nfive\n');
  });

  it('takes identical changes once', async () => {
    const result = await agreed('1\n2\n3\n', '1\nTWO\n3\n', '1\nTWO\n3\n');
    expect(asText(result)).to.equal('1\nTWO\n3\n');
  });

  it('reports a conflict for overlapping changes', async () => {
    expect(await agreed('1\n2\n3\n', '1\nours\n3\n', '1\ntheirs\n3\n')).to.deep.equal({
      clean: false,
      reason: 'content',
    });
  });

  it('reports a conflict for adjacent changes, as git does', async () => {
    expect(await agreed('1\n2\n3\n4\n', '1\nours\n3\n4\n', '1\n2\ntheirs\n4\n')).to.deep.equal({
      clean: false,
      reason: 'content',
    });
    expect(await agreed('1\n2\n', '0\n1\n2\n', 'one\n2\n')).to.deep.equal({
      clean: false,
      reason: 'content',
    });
  });

  it('returns the changed side byte for byte when the other side did not change', async () => {
    expect(asText(await agreed('a\nb', 'a\nb', 'a\nB'))).to.equal('a\nB');
    expect(asText(await agreed('a\nb\n', 'x\ny', 'a\nb\n'))).to.equal('x\ny');
  });

  it('treats a lost or added final newline as a change of the last line', async () => {
    expect(asText(await agreed('a\nb\nc\nd', 'A\nb\nc\nd', 'a\nb\nc\nd\n'))).to.equal('A\nb\nc\nd\n');
    expect(await agreed('a\nb\nc', 'a\nb\nc\n', 'a\nb\nC')).to.deep.equal({
      clean: false,
      reason: 'content',
    });
    expect(asText(await agreed('a\nb\nc', 'a\nb\nc\n', 'a\nb\nc\n'))).to.equal('a\nb\nc\n');
  });

  it('merges two added files against an empty base (add/add)', async () => {
    expect(asText(await agreed(undefined, '', 'new\n'))).to.equal('new\n');
    expect(await agreed(undefined, 'one\n', 'two\n')).to.deep.equal({ clean: false, reason: 'content' });
  });

  it('never merges binary files: a NUL in the first 8000 bytes of any version', () => {
    const bin = Buffer.from([0x61, 0x00, 0x0a]);
    expect(mergeFileContents({ base: text('a\n'), ours: bin, theirs: text('b\n') })).to.deep.equal({
      clean: false,
      reason: 'binary',
    });
    const late = Buffer.concat([Buffer.alloc(8000, 0x61), Buffer.from([0])]);
    expect(mergeFileContents({ base: text('x\n'), ours: late, theirs: text('x\n') }).clean).to.equal(true);
  });

  it('aligns repeated lines as git’s histogram diff does', async () => {
    // With many equal lines, several alignments are minimal; only git's makes these hunks (not) touch.
    // Here the classic (Myers) alignment would merge cleanly; histogram's makes the hunks touch.
    expect(await agreed('b\n}\n}\n{\n}\n{\nb\n', '}\n}\n}\n{\nb\n', 'b\n}\n}\n{\n}\nX1\nb\n')).to.deep.equal({
      clean: false,
      reason: 'content',
    });
    await agreed('a\n}\n}\nb\n}\n', 'a\n}\nx\n}\nb\n}\n', 'a\n}\n}\nb\n}\ny\n}\n');
  });

  it('falls back to the classic diff where every common line is too frequent, as git does', async () => {
    const many = (n: number, line: string) => `${line}\n`.repeat(n);
    await agreed(
      many(70, 'x') + 'end\n',
      many(35, 'x') + 'mid\n' + many(35, 'x') + 'end\n',
      many(70, 'x') + 'END\n',
    );
    await agreed(
      many(80, '}') + many(80, ''),
      many(40, '}') + 'a\n' + many(40, '}') + many(80, ''),
      many(80, '}') + many(40, '') + 'b\n' + many(40, ''),
    );
  });

  it('agrees with git on generated edits (small vocabularies, so lines repeat)', async function () {
    this.timeout(120_000);
    const vocabulary = fc.constantFrom('a', 'b', '}', '', '{', 'x');
    const fileText = (lines: string[], newline: boolean) =>
      lines.join('\n') + (lines.length > 0 && newline ? '\n' : '');
    const edit = fc.record({
      at: fc.nat(40),
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
    let clean = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(vocabulary, { maxLength: 40 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
        async (base, oursEdits, theirsEdits, newlines) => {
          const result = await agreed(
            fileText(base, newlines[0]),
            fileText(apply(base, oursEdits), newlines[1]),
            fileText(apply(base, theirsEdits), newlines[2]),
          );
          if (result.clean) clean++;
        },
      ),
      { numRuns: 150 },
    );
    expect(clean, 'some generated merges are clean').to.be.greaterThan(15);
  });
});
