import { expect } from 'chai';
import { HOOK_MARKER } from '../../../src/core/hook/is-specgate-hook.js';
import { uninstallHook } from '../../../src/workflows/uninstall-hook.js';
import { memoryFiles } from './fakes.js';

const LOCATION = {
  hooksDir: '/repo/.git/hooks',
  hook: '/repo/.git/hooks/pre-push',
  chained: '/repo/.git/hooks/pre-push.specgate-chained',
  fromConfig: false,
  projectDirs: ['/repo'],
};
const OURS = `#!/bin/sh\n${HOOK_MARKER}\nexec node run.js hook pre-push "$@"\n`;

function uninstall(files: ReturnType<typeof memoryFiles>) {
  return uninstallHook({ cwd: '/repo', adapters: { files, hooks: { locate: () => LOCATION } } });
}

describe('uninstallHook (in-memory file system)', () => {
  it('no hook: absent, nothing changes', () => {
    const files = memoryFiles();
    expect(uninstall(files)).to.deep.equal({ ...LOCATION, action: 'absent' });
  });

  it('ours alone: removed', () => {
    const files = memoryFiles({ [LOCATION.hook]: OURS });
    expect(uninstall(files).action).to.equal('removed');
    expect(files.files.size).to.equal(0);
  });

  it('ours chaining a foreign hook: the foreign hook is pre-push again', () => {
    const files = memoryFiles({ [LOCATION.hook]: OURS, [LOCATION.chained]: 'foreign\n' });
    expect(uninstall(files).action).to.equal('restored');
    expect(Object.fromEntries(files.files)).to.deep.equal({ [LOCATION.hook]: 'foreign\n' });
  });

  it('a foreign hook: BAD_USAGE, left alone', () => {
    const files = memoryFiles({ [LOCATION.hook]: 'foreign\n' });
    expect(() => uninstall(files)).to.throw(/is not specgate's pre-push hook; leaving it alone/);
    expect(files.files.get(LOCATION.hook)).to.equal('foreign\n');
  });
});
