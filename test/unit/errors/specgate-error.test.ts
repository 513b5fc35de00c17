import { expect } from 'chai';
import { EXIT } from '../../../src/errors/exit-status.js';
import {
  InternalError,
  InterruptedError,
  SpecgateError,
  UserError,
} from '../../../src/errors/specgate-error.js';
import { ObjectNotFoundError } from '../../../src/git/object-database/object-not-found-error.js';

describe('the error contract', () => {
  it('a user error: its code, exit status 2, and --json form with suggestion and data only when given', () => {
    const full = new UserError('WORK_DIR', 'cannot use /x', {
      suggestion: 'give another one',
      data: { path: '/x' },
    });
    expect(full.exitStatus).to.equal(EXIT.badInput);
    expect(full.toJSON()).to.deep.equal({
      code: 'WORK_DIR',
      message: 'cannot use /x',
      suggestion: 'give another one',
      data: { path: '/x' },
    });
    // What --json prints: the error's toJSON, through JSON.stringify as oclif's logJson does.
    expect(JSON.parse(JSON.stringify({ error: full }))).to.deep.equal({ error: full.toJSON() });
    expect(new UserError('BAD_USAGE', 'no').toJSON()).to.deep.equal({ code: 'BAD_USAGE', message: 'no' });
  });

  it('a bug is a separate class: code INTERNAL, exit status 3, the original as cause, the crash file in data', () => {
    const original = new TypeError("Cannot read properties of undefined (reading 'sha')\n    at somewhere");
    const bug = InternalError.of(original, '/r/.git/specgate/crash-1.txt');
    expect(bug).to.be.instanceOf(SpecgateError).and.not.instanceOf(UserError);
    expect(bug.exitStatus).to.equal(EXIT.internal);
    expect(bug.cause).to.equal(original);
    expect(bug.toJSON()).to.deep.equal({
      code: 'INTERNAL',
      message: "Cannot read properties of undefined (reading 'sha')",
      data: { crashFile: '/r/.git/specgate/crash-1.txt' },
    });
    // A thrown non-error, and an error with no message, still give a line.
    expect(InternalError.of('a string').toJSON()).to.deep.equal({ code: 'INTERNAL', message: 'a string' });
    expect(InternalError.of(new RangeError('')).message).to.equal('RangeError');
  });

  it('an interruption: code INTERRUPTED, exit status 130', () => {
    const stop = new InterruptedError('SIGTERM');
    expect(stop.exitStatus).to.equal(EXIT.interrupted);
    expect(stop.toJSON()).to.deep.equal({ code: 'INTERRUPTED', message: 'interrupted by SIGTERM' });
  });

  it('a missing object is a MISSING_OBJECT user error naming the object in its data, with git fsck as what to do', () => {
    const missing = new ObjectNotFoundError('a'.repeat(40), '/r/.git/objects');
    expect(missing).to.be.instanceOf(UserError);
    expect(missing.toJSON()).to.deep.equal({
      code: 'MISSING_OBJECT',
      message: `object ${'a'.repeat(40)} is missing from /r/.git/objects (its packs, loose objects and alternates): the repository is incomplete or corrupt`,
      suggestion: '`git fsck` tells what is damaged',
      data: { oid: 'a'.repeat(40), objectsDir: '/r/.git/objects' },
    });
  });
});
