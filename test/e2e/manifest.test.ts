import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { git } from '../helpers/git.js';

const root = path.join(import.meta.dirname, '..', '..');

describe('oclif.manifest.json', () => {
  it('is committed as the build generates it (run `npm run build` and commit it when this fails)', () => {
    // `npm test` builds first, and the build regenerates the manifest from the commands; the committed
    // (staged) copy must be that same file, or a user's install would hide new or changed commands.
    const generated = JSON.parse(fs.readFileSync(path.join(root, 'oclif.manifest.json'), 'utf8'));
    const committed = JSON.parse(git(root, 'show', ':oclif.manifest.json'));
    expect(Object.keys(generated.commands).sort()).to.deep.equal([
      'cache',
      'cache:clear',
      'cache:list',
      'cache:prune',
      'check',
      'checkout',
      'gate',
      'hook:install',
      'hook:pre-push',
      'hook:uninstall',
      'init',
      'jobs',
      'plan',
      'report:merge',
    ]);
    expect(committed).to.deep.equal(generated);
  });
});
