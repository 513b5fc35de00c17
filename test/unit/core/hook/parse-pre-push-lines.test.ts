import { expect } from 'chai';
import { parsePrePushLines } from '../../../../src/core/hook/parse-pre-push-lines.js';

const ZERO = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('parsePrePushLines', () => {
  it('reads an update of an existing branch', () => {
    expect(parsePrePushLines(`refs/heads/feature-a ${A} refs/heads/feature-a ${B}\n`)).to.deep.equal({
      refs: [
        {
          localRef: 'refs/heads/feature-a',
          localSha: A,
          remoteRef: 'refs/heads/feature-a',
          remoteSha: B,
          deletion: false,
          creation: false,
        },
      ],
      malformed: [],
    });
  });

  it('marks a new branch (zero remote sha) as a creation, and a deletion (zero local sha) as a deletion', () => {
    const { refs } = parsePrePushLines(
      `refs/heads/new ${A} refs/heads/new ${ZERO}\n(delete) ${ZERO} refs/heads/old ${B}\n`,
    );
    expect(refs.map((ref) => [ref.localRef, ref.remoteRef, ref.creation, ref.deletion])).to.deep.equal([
      ['refs/heads/new', 'refs/heads/new', true, false],
      ['(delete)', 'refs/heads/old', false, true],
    ]);
  });

  it('keeps several refs in push order, and ignores blank lines and CRLF line ends', () => {
    const text = `\nrefs/heads/x ${A} refs/heads/x ${ZERO}\r\n\n   \nHEAD ${B} refs/heads/y ${C}\nrefs/tags/v1 ${C} refs/tags/v1 ${ZERO}\n\n`;
    const { refs, malformed } = parsePrePushLines(text);
    expect(refs.map((ref) => `${ref.localRef}:${ref.remoteRef}`)).to.deep.equal([
      'refs/heads/x:refs/heads/x',
      'HEAD:refs/heads/y',
      'refs/tags/v1:refs/tags/v1',
    ]);
    expect(malformed).to.deep.equal([]);
  });

  it('accepts SHA-256 object ids', () => {
    const long = 'd'.repeat(64);
    const { refs } = parsePrePushLines(`refs/heads/x ${long} refs/heads/x ${'0'.repeat(64)}`);
    expect(refs[0]).to.include({ localSha: long, creation: true, deletion: false });
  });

  it('returns nothing for empty input', () => {
    expect(parsePrePushLines('')).to.deep.equal({ refs: [], malformed: [] });
    expect(parsePrePushLines('\n\n')).to.deep.equal({ refs: [], malformed: [] });
  });

  it("reports lines that are not of git's form instead of guessing", () => {
    const { refs, malformed } = parsePrePushLines(
      `refs/heads/x ${A} refs/heads/x\nrefs/heads/y nothex refs/heads/y ${B}\nrefs/heads/z ${A} refs/heads/z ${B}\n`,
    );
    expect(malformed).to.deep.equal([
      `refs/heads/x ${A} refs/heads/x`,
      `refs/heads/y nothex refs/heads/y ${B}`,
    ]);
    expect(refs.map((ref) => ref.localRef)).to.deep.equal(['refs/heads/z']);
  });
});
