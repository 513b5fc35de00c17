import { expect } from 'chai';
import { hoistGlobalFlags } from '../../../src/cli/hoist-global-flags.js';

const COMMANDS = [
  ['gate'],
  ['plan'],
  ['cache', 'list'],
  ['cache', 'clear'],
  ['hook', 'pre-push'],
  ['report', 'merge'],
];
const hoist = (...argv: string[]) => hoistGlobalFlags(argv, COMMANDS);

describe('hoistGlobalFlags', () => {
  it('moves the global flags given before the command to just after it, values and all', () => {
    expect(hoist('-C', 'dir', 'gate', 'x')).to.deep.equal(['gate', '-C', 'dir', 'x']);
    expect(hoist('--json', '--config', 'f.yml', 'plan', 'a', 'b')).to.deep.equal([
      'plan',
      '--json',
      '--config',
      'f.yml',
      'a',
      'b',
    ]);
    expect(hoist('-Cdir', '--directory=d2', '--config=f', 'gate')).to.deep.equal([
      'gate',
      '-Cdir',
      '--directory=d2',
      '--config=f',
    ]);
  });

  it('knows two-word commands', () => {
    expect(hoist('-C', 'dir', 'cache', 'list', 'main')).to.deep.equal(['cache', 'list', '-C', 'dir', 'main']);
    expect(hoist('--json', 'report', 'merge', 'a.json')).to.deep.equal([
      'report',
      'merge',
      '--json',
      'a.json',
    ]);
    expect(hoist('-C', 'd', 'hook', 'pre-push', 'origin')).to.deep.equal([
      'hook',
      'pre-push',
      '-C',
      'd',
      'origin',
    ]);
  });

  it('leaves alone what it does not know: no flag first, --help, --version, an unknown flag, a missing value', () => {
    for (const argv of [
      ['gate', '-C', 'd'],
      ['--help'],
      ['--version'],
      ['--frob', 'gate'],
      ['-C'],
      ['-C', 'd'],
      ['--json=1', 'gate'],
    ]) {
      expect(hoistGlobalFlags(argv, COMMANDS), argv.join(' ')).to.deep.equal(argv);
    }
  });

  it('hoists before an unknown command too, so that the command is what oclif names', () => {
    expect(hoist('-C', 'd', 'frob', 'x')).to.deep.equal(['frob', '-C', 'd', 'x']);
  });
});
