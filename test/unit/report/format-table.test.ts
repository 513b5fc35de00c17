import { expect } from 'chai';

import { displayWidth } from '../../../src/report/display-width.js';
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

describe('formatTable with a width', () => {
  const rows = [
    [{ text: 'change' }, { text: 'result' }, { text: 'why' }],
    [{ text: 'a-very-long-change-name' }, { text: 'FAILURE' }, { text: 'one two three four five six seven' }],
  ];

  it('wraps the last column under itself, and the shrinkable columns onto three lines at most', () => {
    const lines = formatTable(rows, { width: 30, shrink: [0] });
    for (const line of lines) expect(displayWidth(line), line).to.be.at.most(30);
    const start = lines[0].indexOf('why');
    expect(
      lines
        .map((line) => line.slice(start).trim())
        .slice(1)
        .join(' '),
    ).to.equal('one two three four five six seven');
    expect(lines[1]).to.include('FAILURE');
    const names = lines.slice(1).map((line) => line.slice(0, lines[0].indexOf('result')).trim());
    expect(names.join('')).to.match(/^a-very-long-c/);
    expect(names.filter(Boolean).length).to.be.at.most(3);
  });

  it('measures wide characters as two columns', () => {
    const lines = formatTable(
      [[{ text: '機能機能機能機能機能機能' }, { text: 'ok' }, { text: 'x '.repeat(30) }]],
      {
        width: 30,
        shrink: [0],
      },
    );
    for (const line of lines) expect(displayWidth(line), line).to.be.at.most(30);
  });

  it('cuts a word longer than the last column across lines', () => {
    const lines = formatTable([[{ text: 'a' }, { text: 'x'.repeat(50) }]], { width: 20 });
    for (const line of lines) expect(displayWidth(line)).to.be.at.most(20);
    expect(lines.map((line) => line.trim().replace(/^a\s+/, '')).join('')).to.equal('x'.repeat(50));
  });
});
