import { expect } from 'chai';
import { formatUserError } from '../../../src/cli/format-user-error.js';
import { UserError } from '../../../src/errors/specgate-error.js';

describe('formatUserError', () => {
  it('puts what to do on the line of the culprit, so that one grep finds both', () => {
    const error = new UserError('WORK_DIR', '--dir /x is not empty', {
      suggestion: 'Give a new or empty directory.',
    });
    expect(formatUserError(error)).to.equal(
      'specgate: error: --dir /x is not empty. Try this: give a new or empty directory\n',
    );
  });

  it('one line per problem, the suggestion after the last; no suggestion, nothing added', () => {
    const error = new UserError('BAD_CONFIG', 'a.yml: foo: unknown key\na.yml: jobs.x.run: missing', {
      suggestion: 'fix the keys named above',
    });
    expect(formatUserError(error)).to.equal(
      'specgate: error: a.yml: foo: unknown key\nspecgate: error: a.yml: jobs.x.run: missing. Try this: fix the keys named above\n',
    );
    expect(formatUserError(new UserError('BAD_USAGE', 'no'))).to.equal('specgate: error: no\n');
  });
});
