import { expect } from 'chai';
import { HOOK_MARKER } from '../../../src/core/hook/is-specgate-hook.js';
import { installHook } from '../../../src/workflows/install-hook.js';
import { memoryFiles } from './fakes.js';

const LOCATION = {
  hooksDir: '/repo/.git/hooks',
  hook: '/repo/.git/hooks/pre-push',
  chained: '/repo/.git/hooks/pre-push.specgate-chained',
  fromConfig: false,
  projectDirs: ['/repo'],
};

function install(files: ReturnType<typeof memoryFiles>, force = false, searchPath = '/usr/bin:/bin') {
  return installHook({
    cwd: '/repo',
    force,
    searchPath,
    adapters: { files, hooks: { locate: () => LOCATION } },
  });
}

describe('installHook (in-memory file system)', () => {
  it('no hook there: creates an executable, portable hook that runs specgate with the arguments', () => {
    const files = memoryFiles();
    const outcome = install(files);
    expect(outcome).to.deep.equal({ ...LOCATION, action: 'created', chaining: false, runs: undefined });
    const hook = files.files.get(LOCATION.hook)!;
    expect(hook.split('\n')[0]).to.equal('#!/bin/sh');
    expect(hook).to.include(HOOK_MARKER);
    expect(hook).to.include('exec "$specgate" hook pre-push "$@"');
    expect(hook).to.include('"$top/node_modules/.bin/specgate"');
    expect(hook).to.include('command -v specgate');
    // No absolute path but the shebang's: it can be committed and shared.
    expect(hook.split('\n').slice(1).join('\n')).to.not.match(/(?:^|[\s'"=])\/(?!dev\/null)/m);
    expect(hook).to.include('SPECGATE_SKIP');
    expect(files.modes.get(LOCATION.hook)).to.equal(0o755);
    // Written then renamed: no temporary file is left.
    expect([...files.files.keys()]).to.deep.equal([LOCATION.hook]);
  });

  it('a foreign hook: kept and chained (renamed), run first by ours', () => {
    const files = memoryFiles({ [LOCATION.hook]: '#!/bin/sh\necho mine\n' });
    const outcome = install(files);
    expect(outcome.action).to.equal('chained');
    expect(outcome.chaining).to.equal(true);
    expect(files.files.get(LOCATION.chained)).to.equal('#!/bin/sh\necho mine\n');
    expect(files.files.get(LOCATION.hook)).to.include('pre-push.specgate-chained');
  });

  it('ours again: updated in place, still chaining what it chained', () => {
    const files = memoryFiles({ [LOCATION.hook]: '#!/bin/sh\necho mine\n' });
    install(files);
    const outcome = install(files);
    expect(outcome).to.include({ action: 'updated', chaining: true });
    expect(files.files.get(LOCATION.chained)).to.equal('#!/bin/sh\necho mine\n');
  });

  it('a foreign hook with --force: overwritten, nothing chained', () => {
    const files = memoryFiles({ [LOCATION.hook]: '#!/bin/sh\necho mine\n' });
    expect(install(files, true)).to.include({ action: 'replaced', chaining: false });
    expect(files.files.has(LOCATION.chained)).to.equal(false);
  });

  it('an older specgate hook (absolute paths): rewritten in the portable form', () => {
    const old = `#!/bin/sh\n${HOOK_MARKER}\nexec '/usr/bin/node' '/opt/specgate/bin/run.js' hook pre-push "$@"\n`;
    const files = memoryFiles({ [LOCATION.hook]: old });
    expect(install(files)).to.include({ action: 'updated', chaining: false });
    expect(files.files.get(LOCATION.hook)).to.not.include('/usr/bin/node');
  });

  it("says which specgate the hook would run now: the project's node_modules/.bin, else the first on PATH", () => {
    const inProject = memoryFiles({ '/repo/node_modules/.bin/specgate': '', '/opt/bin/specgate': '' });
    expect(install(inProject, false, '/opt/bin').runs).to.equal('/repo/node_modules/.bin/specgate');
    const onPath = memoryFiles({ '/opt/bin/specgate': '', '/usr/bin/specgate': '' });
    expect(install(onPath, false, 'relative:/usr/bin:/opt/bin').runs).to.equal('/usr/bin/specgate');
    expect(install(memoryFiles(), false, '/usr/bin').runs).to.equal(undefined);
  });

  it('a foreign hook and an earlier chained one: BAD_USAGE, nothing touched', () => {
    const files = memoryFiles({ [LOCATION.hook]: 'foreign\n', [LOCATION.chained]: 'older\n' });
    expect(() => install(files)).to.throw(
      /cannot chain the pre-push hook .*pre-push\.specgate-chained already exists/,
    );
    expect(files.files.get(LOCATION.hook)).to.equal('foreign\n');
    expect(files.files.get(LOCATION.chained)).to.equal('older\n');
  });
});
