import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { fixtureRepo } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

/** Native git's verdict on the same repository (the oracle): its exit status and stderr. */
function nativeGit(dir: string, ...args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

/** Exit 2, one line on stderr that matches `culprit`, no stack trace, nothing on stdout. */
function expectRefusal(run: CliRun, culprit: RegExp): void {
  expect(run.status, run.stderr).to.equal(2);
  expect(run.stderr.trim().split('\n'), run.stderr).to.have.length(1);
  expect(run.stderr).to.match(culprit);
  expect(run.stderr).not.to.match(/\n\s+at |Error: /);
  expect(run.stdout).to.equal('');
}

describe('a repository git refuses', function () {
  this.timeout(120_000);

  const fatal: [string, (gitdir: string) => void, RegExp, RegExp][] = [
    [
      'a garbage HEAD',
      (gitdir) => fs.writeFileSync(path.join(gitdir, 'HEAD'), 'garbage\n'),
      /^fatal: not a git repository/m,
      /^specgate: error: broken HEAD in .*\.git\/HEAD: git does not take .* for a repository/,
    ],
    [
      'a bad line in .git/config',
      (gitdir) => fs.appendFileSync(path.join(gitdir, 'config'), '[core]\n\tautocrlf = true\n!!bad\n'),
      /^fatal: bad config line (\d+) in file \.git\/config$/m,
      /^specgate: error: bad config line (\d+) in file .*\.git\/config\b/,
    ],
    [
      'a garbage line in packed-refs',
      (gitdir) => {
        git(path.dirname(gitdir), 'pack-refs', '--all');
        fs.appendFileSync(path.join(gitdir, 'packed-refs'), 'garbage line\n');
      },
      /^fatal: unexpected line in \.git\/packed-refs: garbage line$/m,
      /^specgate: error: unexpected line in .*\.git\/packed-refs: garbage line\b/,
    ],
  ];

  for (const [what, breakIt, gitSays, specgateSays] of fatal) {
    it(`exits 2 naming the file for ${what}, where git dies`, async function () {
      const { dir } = await fixtureRepo('demo');
      breakIt(path.join(dir, '.git'));
      const native = nativeGit(dir, 'merge-tree', '--write-tree', 'main', 'add-farewell');
      expect(native.status).to.equal(128);
      const gitLine = gitSays.exec(native.stderr);
      expect(gitLine, native.stderr).not.to.equal(null);
      for (const args of [
        ['plan', 'add-farewell'],
        ['gate', 'add-farewell'],
      ]) {
        const run = await runCli(args, { cwd: dir });
        expectRefusal(run, specgateSays);
        // The same line number git names.
        if (gitLine![1] !== undefined) expect(specgateSays.exec(run.stderr)![1]).to.equal(gitLine![1]);
      }
    });
  }

  it('ignores a broken loose ref as git does, and calls it unknown when it is named', async function () {
    const { dir } = await fixtureRepo('demo');
    const gitdir = path.join(dir, '.git');
    git(dir, 'pack-refs', '--all');
    // A loose file hiding the packed add-farewell, and one more broken branch.
    fs.writeFileSync(path.join(gitdir, 'refs', 'heads', 'add-farewell'), 'nonsense\n');
    fs.writeFileSync(path.join(gitdir, 'refs', 'heads', 'junk'), 'nonsense\n');
    const named = nativeGit(dir, 'merge-tree', '--write-tree', 'main', 'add-farewell');
    expect(named.stderr).to.contain('warning: ignoring broken ref refs/heads/add-farewell');
    expect(named.status).not.to.equal(0);
    expectRefusal(
      await runCli(['plan', 'add-farewell'], { cwd: dir }),
      /^specgate: error: unknown revision 'add-farewell': .*\.git\/refs\/heads\/add-farewell is a broken ref, which git ignores too/,
    );
    expectRefusal(
      await runCli(['gate', 'add-farewell'], { cwd: dir }),
      /^specgate: error: unknown revision 'add-farewell'/,
    );

    // Only the broken refs are ignored: git and specgate go on with the rest of the repository.
    fs.rmSync(path.join(gitdir, 'refs', 'heads', 'add-farewell'));
    expect(nativeGit(dir, 'merge-tree', '--write-tree', 'main', 'add-farewell').status).to.equal(0);
    const plan = await runCli(['plan', 'add-farewell'], { cwd: dir });
    expect(plan.status, plan.stderr).to.equal(0);
    const target = await runCli(['plan', 'add-farewell', '--target', 'junk'], { cwd: dir });
    expectRefusal(target, /junk/);
  });
});
