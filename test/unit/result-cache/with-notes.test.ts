import { expect } from 'chai';
import { UserError } from '../../../src/errors/specgate-error.js';
import { withNotes } from '../../../src/result-cache/with-notes.js';

describe('withNotes', () => {
  it("passes the work's value through", async () => {
    expect(await withNotes(async () => 42)).to.equal(42);
  });

  it('a failure to read or update the notes ref: a one-line BAD_NOTES naming the ref, the cause kept', async () => {
    const cause = new Error('bad object 1234');
    const error = await withNotes(() => Promise.reject(cause)).then(
      () => undefined,
      (thrown: unknown) => thrown as UserError,
    );
    expect(error).to.be.instanceOf(UserError);
    expect(error!.code).to.equal('BAD_NOTES');
    expect(error!.message).to.equal('refs/notes/specgate: bad object 1234');
    expect(error!.cause).to.equal(cause);
  });

  it('a user error stays what it is', async () => {
    const given = new UserError('UNKNOWN_REF', "unknown revision 'x'");
    expect(await withNotes(() => Promise.reject(given)).catch((thrown: unknown) => thrown)).to.equal(given);
  });
});
