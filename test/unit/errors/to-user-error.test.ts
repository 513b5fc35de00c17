import { expect } from 'chai';
import { UserError } from '../../../src/errors/specgate-error.js';
import { toUserError } from '../../../src/errors/to-user-error.js';

const errno = (code: string, syscall: string, path?: string) =>
  Object.assign(new Error(`${code}: something, ${syscall}`), {
    code,
    syscall,
    errno: -1,
    ...(path !== undefined && { path }),
  });

describe('toUserError', () => {
  it('names the place of a full disk, a denied permission, a read-only file system', () => {
    expect(toUserError(errno('ENOSPC', 'write'), { where: '/r/.git' })).to.include({
      code: 'DISK_FULL',
      message: 'no space left on the device (ENOSPC, write): /r/.git',
    });
    expect(toUserError(errno('ENOSPC', 'mkdir', '/w/01-a'))?.suggestion).to.equal(
      'free some space there, or give --work-dir on another file system',
    );
    expect(toUserError(errno('EACCES', 'open', '/r/.git/objects/ab/tmp'))).to.include({
      code: 'PERMISSION_DENIED',
      message: 'permission denied (EACCES, open): /r/.git/objects/ab/tmp',
    });
    expect(toUserError(errno('EROFS', 'mkdir', '/ro/x'))).to.include({ code: 'READ_ONLY' });
    expect(toUserError(errno('EMFILE', 'open', '/x'))?.suggestion).to.match(/ulimit -n/);
  });

  it('finds the fault in the cause chain', () => {
    const wrapped = new Error('could not write the state', { cause: errno('EDQUOT', 'write', '/w/s') });
    expect(toUserError(wrapped)).to.include({
      code: 'DISK_FULL',
      message: 'disk quota exceeded (EDQUOT, write): /w/s',
    });
  });

  it('names no place for a call that is not about a file', () => {
    expect(toUserError(errno('EPERM', 'kill'), { where: '/r/.git' })?.message).to.equal(
      'operation not permitted (EPERM, kill)',
    );
  });

  it('recognises a damaged object and names it', () => {
    const oid = 'a'.repeat(40);
    const loose = toUserError(new Error(`loose object ${oid} is corrupt: incorrect header check`), {
      where: '/r/.git',
    });
    expect(loose).to.include({ code: 'CORRUPT_OBJECT' });
    expect(loose?.data).to.deep.equal({ oid });
    expect(loose?.suggestion).to.equal("run 'git fsck' to find and repair it in /r/.git");
    expect(
      toUserError(new Error('/r/p.pack: entry at offset 12: corrupt delta: truncated insert'))?.code,
    ).to.equal('CORRUPT_OBJECT');
  });

  it('leaves a bug a bug, and a user error as it is', () => {
    expect(toUserError(new TypeError("Cannot read properties of undefined (reading 'x')"))).to.equal(
      undefined,
    );
    expect(toUserError(Object.assign(new Error('ENOENT'), { code: 'ENOENT', syscall: 'open' }))).to.equal(
      undefined,
    );
    const user = new UserError('BAD_USAGE', 'x');
    expect(toUserError(user)).to.equal(user);
  });
});
