import { expect } from 'chai';

import { formatTable } from '../../../src/report/format-table.js';

describe('formatTable', () => {
  it('aligns columns on the plain text, whatever the styling adds', () => {
    const red = (text: string): string => `\u001b[31m${text}\u001b[39m`;
    const lines = formatTable([
      [{ text: 'a' }, { text: 'FAILURE', style: red }, { text: 'x' }],
      [{ text: 'longer' }, { text: 'OK' }, { text: 'y' }],
    ]);
    expect(lines.map((line) => line.replace(/\u001b\[\d+m/g, ''))).to.deep.equal([
      '  a       FAILURE  x',
      '  longer  OK       y',
    ]);
    expect(lines[0]).to.include(red('FAILURE'));
  });

  it('leaves no trailing blanks when the last cell is empty', () => {
    expect(formatTable([[{ text: 'a' }, { text: '' }]])).to.deep.equal(['  a']);
  });
});
