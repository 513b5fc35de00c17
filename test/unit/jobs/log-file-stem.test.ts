import { expect } from 'chai';
import { logFileStem } from '../../../src/jobs/log-file-stem.js';

describe('logFileStem', () => {
  it('keeps letters, digits, dots, dashes and underscores, and turns every other character into _', () => {
    expect(logFileStem('unit-tests_1.2', new Set())).to.equal('unit-tests_1.2');
    expect(logFileStem('lint: js/ts', new Set())).to.equal('lint__js_ts');
    expect(logFileStem('../etc', new Set())).to.equal('.._etc');
    expect(logFileStem('ünï', new Set())).to.equal('_n_');
  });

  it('gives an empty name a stem too', () => {
    expect(logFileStem('', new Set())).to.equal('_');
  });

  it('numbers names that clash from -2 on, each from the safe name, and remembers every stem it gave', () => {
    const used = new Set<string>();
    expect(['a/b', 'a:b', 'a b', 'a_b-2', 'a_b'].map((name) => logFileStem(name, used))).to.deep.equal([
      'a_b',
      'a_b-2',
      'a_b-3',
      'a_b-2-2',
      'a_b-4',
    ]);
    expect([...used].sort()).to.deep.equal(['a_b', 'a_b-2', 'a_b-2-2', 'a_b-3', 'a_b-4']);
  });
});
