import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { scratchDir } from '../helpers/fixture-repo.js';
import { isolatedGitEnv } from '../helpers/isolated-git-env.js';
import { runCli } from '../helpers/run-cli.js';

/*
 * `gate --merge` into a checked-out target whose files git converts (.gitattributes, core.autocrlf, ident,
 * filters), against `git merge --ff-only` on a `cp -a` copy of the same repository. Every process sees a HOME
 * of the test's own and no system config or attributes (this machine's /etc/gitconfig may hold a filter).
 */

const ENV = isolatedGitEnv();

/** Native git in `cwd` (optional locks off: observing never refreshes the index). */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ENV, GIT_OPTIONAL_LOCKS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function gitRun(cwd: string, ...args: string[]): { status: number | null; stderr: string } {
  return spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...ENV } });
}

function write(root: string, rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}

/**
 * A repository on `main` whose `feature` changes `changed`, deletes `gone` and adds `added` (new files,
 * one in a new directory), with `setup` run first (attributes, config) and everything checked out again
 * through the conversions, as a user's clone would have it.
 */
function makeRepository(
  setup: (dir: string) => void,
  files: { base: Record<string, string>; feature: Record<string, string | null> },
): string {
  const dir = path.join(scratchDir('specgate-ffattr-'), 'repo');
  fs.mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  setup(dir);
  for (const [rel, content] of Object.entries(files.base)) write(dir, rel, content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  for (const [rel, content] of Object.entries(files.feature)) {
    if (content === null) git(dir, 'rm', '-q', rel);
    else write(dir, rel, content);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'feature');
  git(dir, 'checkout', '-q', 'main');
  // Every file written again through the conversions, as a fresh checkout writes them.
  for (const rel of git(dir, 'ls-files').split('\n').filter(Boolean)) fs.rmSync(path.join(dir, rel));
  git(dir, 'checkout', '--', '.');
  // Files older than the index: no entry racily clean, so that what git status says after the merge does
  // not hang on the clock (git re-reads a racy entry through the attributes of that moment).
  const earlier = new Date(Date.now() - 10_000);
  for (const rel of git(dir, 'ls-files').split('\n').filter(Boolean))
    fs.utimesSync(path.join(dir, rel), earlier, earlier);
  gitRun(dir, 'update-index', '-q', '--refresh');
  return dir;
}

const TEXT = {
  base: { 'a.txt': 'a\nb\n', 'gone.txt': 'gone\n', 'keep/untouched.txt': 'untouched\n' },
  feature: { 'a.txt': 'a\nb\nc\n', 'gone.txt': null, 'n/m/new.txt': 'new\nfile\n', 'top.txt': 'top\n' },
};

/** Two `cp -a` copies of `dir` holding the speculative commit of `feature`: one for git, one for specgate. */
async function twins(
  dir: string,
  options: { refresh?: boolean } = {},
): Promise<{ byGit: string; bySpecgate: string; sha: string }> {
  const gate = await runCli(['gate', 'feature', '--json'], { cwd: dir, env: ENV });
  expect(gate.status, gate.stderr).to.equal(0);
  const sha = (JSON.parse(gate.stdout) as PipelineResult).changes.at(-1)!.speculativeSha!;
  const parent = scratchDir('specgate-twins-');
  const byGit = path.join(parent, 'by-git');
  const bySpecgate = path.join(parent, 'by-specgate');
  for (const copy of [byGit, bySpecgate]) {
    execFileSync('cp', ['-a', dir, copy]);
    if (options.refresh !== false) gitRun(copy, 'update-index', '-q', '--refresh');
  }
  return { byGit, bySpecgate, sha };
}

/** What a user and git see after the merge (stat data aside). */
function observe(dir: string): Record<string, unknown> {
  return {
    stage: git(dir, 'ls-files', '-s'),
    status: git(dir, 'status', '--porcelain=v2', '--untracked-files=all'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'),
    tree: workingTree(dir),
  };
}

/** Every path of the working tree (`.git` aside) with its mode and bytes. */
function workingTree(dir: string): string[] {
  const rows: string[] = [];
  const walk = (at: string) => {
    for (const name of fs.readdirSync(at).sort()) {
      if (at === dir && name === '.git') continue;
      const full = path.join(at, name);
      const stat = fs.lstatSync(full);
      const rel = path.relative(dir, full);
      if (stat.isDirectory()) {
        rows.push(`${rel}/`);
        walk(full);
      } else
        rows.push(
          `${rel} ${(stat.mode & 0o777).toString(8)} ${JSON.stringify(fs.readFileSync(full, 'latin1'))}`,
        );
    }
  };
  walk(dir);
  return rows;
}

/** Everything that must not change when a merge is refused or put back. */
function snapshot(dir: string): Record<string, unknown> {
  const gitdir = path.join(dir, '.git');
  const specgate = path.join(gitdir, 'specgate');
  return {
    index: crypto
      .createHash('sha256')
      .update(fs.readFileSync(path.join(gitdir, 'index')))
      .digest('hex'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'),
    tree: workingTree(dir),
    leftovers: [
      ...['index.lock', 'refs/heads/main.lock'].filter((rel) => fs.existsSync(path.join(gitdir, rel))),
      ...(fs.existsSync(specgate)
        ? fs.readdirSync(specgate).filter((name) => name.startsWith('fast-forward-'))
        : []),
    ],
  };
}

/** `git merge --ff-only` in one twin, `gate feature --merge` in the other: both must leave the same. */
async function mergeBoth(
  byGit: string,
  bySpecgate: string,
  sha: string,
  sub = '',
): Promise<Record<string, unknown>> {
  const native = gitRun(path.join(byGit, sub), 'merge', '-q', '--ff-only', sha);
  expect(native.status, native.stderr).to.equal(0);
  const run = await runCli(['gate', 'feature', '--merge'], { cwd: path.join(bySpecgate, sub), env: ENV });
  expect(run.status, run.stderr).to.equal(0);
  const specgate = observe(bySpecgate);
  expect(specgate).to.deep.equal(observe(byGit));
  return specgate;
}

describe('gate --merge through .gitattributes conversions, as git merge --ff-only (differential)', function () {
  this.timeout(120_000);

  it('* text=auto eol=crlf: new, changed and deleted files written with CRLF, index and status as git leaves them', async () => {
    const dir = makeRepository((d) => write(d, '.gitattributes', '* text=auto eol=crlf\n'), TEXT);
    const { byGit, bySpecgate, sha } = await twins(dir);
    const seen = await mergeBoth(byGit, bySpecgate, sha);
    expect(seen.tree).to.include(`n/m/new.txt 644 ${JSON.stringify('new\r\nfile\r\n')}`);
    expect(seen.tree).to.include(`a.txt 644 ${JSON.stringify('a\r\nb\r\nc\r\n')}`);
    expect(seen.status).to.equal('');
  });

  it('a change that brings its own .gitattributes: its files written by the new attributes, as git checks out the new index', async () => {
    const dir = makeRepository(() => undefined, {
      base: TEXT.base,
      feature: {
        ...TEXT.feature,
        '.gitattributes': '*.txt text eol=crlf\n',
        'n/.gitattributes': '*.txt -text\n',
      },
    });
    const { byGit, bySpecgate, sha } = await twins(dir);
    const seen = await mergeBoth(byGit, bySpecgate, sha);
    expect(seen.tree).to.include(`a.txt 644 ${JSON.stringify('a\r\nb\r\nc\r\n')}`);
    expect(seen.tree, 'the deeper .gitattributes wins').to.include(
      `n/m/new.txt 644 ${JSON.stringify('new\nfile\n')}`,
    );
  });

  it('a change that removes the .gitattributes: its files written as the blobs are', async () => {
    const dir = makeRepository((d) => write(d, '.gitattributes', '* text eol=crlf\n'), {
      base: TEXT.base,
      feature: { ...TEXT.feature, '.gitattributes': null },
    });
    const { byGit, bySpecgate, sha } = await twins(dir);
    const seen = await mergeBoth(byGit, bySpecgate, sha);
    expect(seen.tree).to.include(`a.txt 644 ${JSON.stringify('a\nb\nc\n')}`);
    expect(seen.tree, 'an untouched file keeps its bytes').to.include(
      `keep/untouched.txt 644 ${JSON.stringify('untouched\r\n')}`,
    );
  });

  it("a file git status calls modified only by the working tree's own .gitattributes: refused naming it, as git status judges it", async () => {
    const dir = makeRepository(() => undefined, {
      base: { ...TEXT.base, 'w.crlf': 'committed\r\nwith CRs\r\n' },
      feature: TEXT.feature,
    });
    const { bySpecgate } = await twins(dir, { refresh: false });
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(bySpecgate, 'w.crlf'), later, later);
    // Untracked: git status reads it (check-in direction), and `text` makes the CRLFs go when hashing.
    write(bySpecgate, '.gitattributes', '*.crlf text\n');
    expect(git(bySpecgate, 'status', '--porcelain')).to.equal(' M w.crlf\n?? .gitattributes\n');
    const before = snapshot(bySpecgate);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate, env: ENV });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.match(/uncommitted changes: w\.crlf;/);
    expect(snapshot(bySpecgate)).to.deep.equal(before);
  });

  it('an untracked .gitattributes in the working tree: used for writing where the new tree has none, as git does', async () => {
    const dir = makeRepository(() => undefined, TEXT);
    const { byGit, bySpecgate, sha } = await twins(dir);
    for (const copy of [byGit, bySpecgate]) write(copy, 'n/.gitattributes', '*.txt text eol=crlf\n');
    const seen = await mergeBoth(byGit, bySpecgate, sha);
    expect(seen.tree).to.include(`n/m/new.txt 644 ${JSON.stringify('new\r\nfile\r\n')}`);
  });

  it('core.autocrlf=true and no attributes: CRLF as git writes it', async () => {
    const dir = makeRepository((d) => git(d, 'config', 'core.autocrlf', 'true'), TEXT);
    const { byGit, bySpecgate, sha } = await twins(dir);
    const seen = await mergeBoth(byGit, bySpecgate, sha);
    expect(seen.tree).to.include(`top.txt 644 ${JSON.stringify('top\r\n')}`);
  });

  it('a CRLF checkout whose stat data all changed (cp -a, touch) is not dirty: git re-hashes it cleaned, and so does specgate', async () => {
    const dir = makeRepository((d) => write(d, '.gitattributes', '* text=auto eol=crlf\n'), TEXT);
    const { byGit, bySpecgate, sha } = await twins(dir, { refresh: false });
    const later = new Date(Date.now() + 5_000);
    for (const copy of [byGit, bySpecgate]) {
      for (const rel of git(copy, 'ls-files').split('\n').filter(Boolean))
        fs.utimesSync(path.join(copy, rel), later, later);
    }
    expect(git(bySpecgate, 'diff-files', '--name-only'), 'git does not trust the stat data').to.not.equal('');
    await mergeBoth(byGit, bySpecgate, sha);
  });

  it('a CRLF checkout with a file really edited: refused naming it, nothing changed (git refuses too)', async () => {
    const dir = makeRepository((d) => write(d, '.gitattributes', '* text=auto eol=crlf\n'), TEXT);
    const { byGit, bySpecgate, sha } = await twins(dir, { refresh: false });
    for (const copy of [byGit, bySpecgate]) fs.writeFileSync(path.join(copy, 'a.txt'), 'a\r\nB\r\n');
    const native = gitRun(byGit, 'merge', '--ff-only', sha);
    expect(native.status).to.not.equal(0);
    expect(native.stderr).to.contain('a.txt');
    const before = snapshot(bySpecgate);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate, env: ENV });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.match(/uncommitted changes: a\.txt;/);
    expect(snapshot(bySpecgate)).to.deep.equal(before);
  });

  it('an ident file: $Id$ expanded with the new blob id, as git writes it', async () => {
    const dir = makeRepository((d) => write(d, '.gitattributes', '*.c ident\n'), {
      base: { 'main.c': '/* $Id$ */\nint main;\n', 'old.c': '/* $Id$ */\n' },
      feature: { 'main.c': '/* $Id$ */\nint main(void);\n', 'new.c': '/* $Id$ */\nnew\n' },
    });
    const { byGit, bySpecgate, sha } = await twins(dir);
    const seen = await mergeBoth(byGit, bySpecgate, sha);
    expect((seen.tree as string[]).find((row) => row.startsWith('new.c '))).to.match(/\$Id: [0-9a-f]{40} \$/);
  });

  it('a smudge/clean filter: the working tree holds smudged bytes, the filter run from the working tree top (merge run in a subdirectory), as git does', async () => {
    const record = path.join(scratchDir('specgate-filter-'), 'cwd');
    const dir = makeRepository(
      (d) => {
        write(d, '.gitattributes', '*.up filter=upper\n');
        git(d, 'config', 'filter.upper.smudge', `pwd >> '${record}'; tr a-z A-Z`);
        git(d, 'config', 'filter.upper.clean', 'tr A-Z a-z');
      },
      {
        base: { 'a.up': 'hello\n', 'sub/plain.txt': 'plain\n' },
        feature: { 'a.up': 'hello\nworld\n', 'n/new.up': 'new one\n' },
      },
    );
    const { byGit, bySpecgate, sha } = await twins(dir);
    fs.writeFileSync(record, '');
    const seen = await mergeBoth(byGit, bySpecgate, sha, 'sub');
    expect(seen.tree).to.include(`n/new.up 644 ${JSON.stringify('NEW ONE\n')}`);
    expect(seen.tree).to.include(`a.up 644 ${JSON.stringify('HELLO\nWORLD\n')}`);
    const dirs = new Set(fs.readFileSync(record, 'utf8').split('\n').filter(Boolean));
    expect([...dirs].sort()).to.deep.equal([fs.realpathSync(byGit), fs.realpathSync(bySpecgate)].sort());
  });

  it('git-lfs (a long-running process filter): real content written, a checkout whose stat data changed not dirty', async () => {
    const big = (seed: number) =>
      Array.from({ length: 2_000 }, (_, i) => String.fromCharCode(97 + ((i * seed) % 26))).join('') + '\n';
    const dir = makeRepository(
      (d) => {
        // In the repository's own config, as `git lfs install --local` puts it: the copies carry it along.
        git(d, 'lfs', 'install', '--local', '--skip-repo');
        git(d, 'lfs', 'track', '*.dat');
      },
      {
        base: { 'model.dat': big(7), 'a.txt': 'a\n' },
        feature: { 'model.dat': big(11), 'n/new.dat': big(13) },
      },
    );
    expect(git(dir, 'cat-file', '-p', 'feature:n/new.dat')).to.match(
      /^version https:\/\/git-lfs.github.com\/spec\/v1\n/,
    );
    const { byGit, bySpecgate, sha } = await twins(dir, { refresh: false });
    const later = new Date(Date.now() + 5_000);
    for (const copy of [byGit, bySpecgate]) fs.utimesSync(path.join(copy, 'model.dat'), later, later);
    const seen = await mergeBoth(byGit, bySpecgate, sha);
    expect(seen.tree).to.include(`n/new.dat 644 ${JSON.stringify(big(13))}`);
  });

  it('a required filter failing on one of the new files: exit 2 naming it and the driver; ref, index and working tree as before', async () => {
    const marker = path.join(scratchDir('specgate-filter-'), 'fail');
    const dir = makeRepository(
      (d) => {
        write(d, '.gitattributes', '*.up filter=upper\n');
        // Fails on z-bad.up once the marker exists: after the gate has checked its state out.
        git(
          d,
          'config',
          'filter.upper.smudge',
          `sh -c 'case "$1" in *bad*) test -e "${marker}" && exit 1;; esac; tr a-z A-Z' -- %f`,
        );
        git(d, 'config', 'filter.upper.clean', 'tr A-Z a-z');
        git(d, 'config', 'filter.upper.required', 'true');
      },
      {
        base: { 'a.up': 'hello\n' },
        feature: { 'a.up': 'changed\n', 'a-good.up': 'good\n', 'z-bad.up': 'bad\n', 'gone.txt': 'x\n' },
      },
    );
    const { byGit, bySpecgate, sha } = await twins(dir);
    fs.writeFileSync(marker, '');
    const native = gitRun(byGit, 'merge', '--ff-only', sha);
    expect(native.status, 'git fails on it too').to.not.equal(0);
    expect(native.stderr).to.contain('z-bad.up');
    const before = snapshot(bySpecgate);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate, env: ENV });
    expect(run.status, run.stdout + run.stderr).to.equal(2);
    expect(run.stderr).to.match(
      /z-bad\.up: smudge filter upper failed; the working tree was put back and main was not moved/,
    );
    expect(snapshot(bySpecgate)).to.deep.equal(before);
    expect(git(bySpecgate, 'status', '--porcelain')).to.equal('');
  });
});
