import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { UserError } from '../../../../src/errors/specgate-error.js';
import { openWorkTreeConverter } from '../../../../src/git/attributes/open-work-tree-converter.js';
import type { GitContext } from '../../../../src/git/git-context.js';
import { materializeState } from '../../../../src/git/checkout/materialize-state.js';
import { updateState } from '../../../../src/git/checkout/update-state.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

// Native git is the oracle: `git worktree add` of the same commit must write the same bytes.
// Both git and specgate read config from the environment, so the test owns HOME and turns the system
// files off: the machine's own config (git-lfs puts a filter in /etc/gitconfig) never leaks in.
const ISOLATED_ENV = { GIT_CONFIG_NOSYSTEM: '1', GIT_ATTR_NOSYSTEM: '1', XDG_CONFIG_HOME: '' };

let home: string;
const saved: Record<string, string | undefined> = {};

function git(
  cwd: string,
  args: string[],
  options: { allowFailure?: boolean } = {},
): { stdout: string; stderr: string; status: number } {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
  if (result.status !== 0 && !options.allowFailure)
    throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

function write(root: string, file: string, content: string | Buffer): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
}

function contextFor(repo: string): GitContext {
  return openGitContext({
    fs,
    dir: repo,
    gitdir: path.join(repo, '.git'),
    objectsDir: path.join(repo, '.git', 'objects'),
  });
}

/** Every regular file and symlink below `root` (`.git` aside) with its bytes. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of fs.readdirSync(root, { recursive: true }) as string[]) {
    if (name === '.git' || name.startsWith(`.git${path.sep}`)) continue;
    const full = path.join(root, name);
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) out.set(name, `link:${fs.readlinkSync(full)}`);
    else if (stat.isFile()) out.set(name, fs.readFileSync(full).toString('latin1'));
  }
  return out;
}

/**
 * Commits the files with the repository's config set to `config` (read only at checkout), then checks the
 * commit out with `git worktree add` and with specgate, and returns both directories.
 */
function checkBoth(
  files: Record<string, string | Buffer>,
  config: string[][] = [],
): Promise<{ repo: string; native: string; ours: string; commit: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-attr-'));
  const repo = path.join(root, 'repo');
  fs.mkdirSync(repo);
  git(repo, ['init', '-q', '-b', 'main']);
  // Committed with no conversion at all: the blobs hold exactly the bytes given.
  git(repo, ['config', 'core.autocrlf', 'false']);
  for (const [file, content] of Object.entries(files)) write(repo, file, content);
  fs.mkdirSync(path.join(repo, '.git', 'info'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.git', 'info', 'attributes'), '* -text -filter -ident\n');
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'c']);
  fs.rmSync(path.join(repo, '.git', 'info', 'attributes'));
  const commit = git(repo, ['rev-parse', 'HEAD']).stdout.trim();
  for (const [key, value] of config) git(repo, ['config', key, value]);
  const native = path.join(root, 'native');
  const ours = path.join(root, 'ours');
  git(repo, ['worktree', 'add', '-q', '--detach', native, commit]);
  return materializeState({ ctx: contextFor(repo), commitOid: commit, dir: ours }).then(() => ({
    repo,
    native,
    ours,
    commit,
  }));
}

async function expectSameCheckout(
  files: Record<string, string | Buffer>,
  config: string[][] = [],
): Promise<{ ours: string; native: string }> {
  const { native, ours } = await checkBoth(files, config);
  expect(snapshot(ours)).to.deep.equal(snapshot(native));
  // What git calls modified: paths whose clean conversion changes their blob (CRLF committed under `text`,
  // an expanded `$Id: x $` committed) — but only when it re-reads them, which depends on the clock: an
  // entry written in the index's own second is re-hashed, an older one trusted. So: our index, as written,
  // may show no more than those; and with every file's stat changed, git re-reads all and sees the same.
  const status = (dir: string): string[] =>
    git(dir, ['status', '--porcelain']).stdout.split('\n').filter(Boolean);
  const trusted = status(ours);
  for (const dir of [ours, native]) {
    for (const name of snapshot(dir).keys()) {
      if (!fs.lstatSync(path.join(dir, name)).isSymbolicLink())
        fs.utimesSync(path.join(dir, name), 1_000_000, 1_000_000);
    }
  }
  const reread = status(native);
  expect(status(ours)).to.deep.equal(reread);
  expect(reread).to.include.members(trusted);
  return { ours, native };
}

/** A long-running filter (git's protocol, version 2) written for the test: smudge upper-cases. */
const PROCESS_FILTER = `
const fs = require('fs');
let buf = Buffer.alloc(0);
let waiting = null;
process.stdin.on('data', (c) => { buf = Buffer.concat([buf, c]); if (waiting) { const w = waiting; waiting = null; w(); } });
process.stdin.on('end', () => process.exit(0));
async function packet() {
  for (;;) {
    if (buf.length >= 4) {
      const n = parseInt(buf.toString('latin1', 0, 4), 16);
      if (n === 0) { buf = buf.subarray(4); return null; }
      if (buf.length >= n) { const p = buf.subarray(4, n); buf = buf.subarray(n); return p; }
    }
    await new Promise((r) => { waiting = r; });
  }
}
async function list() { const out = []; for (let p = await packet(); p !== null; p = await packet()) out.push(p.toString().replace(/\\n$/, '')); return out; }
function send(items) {
  for (const i of items) {
    const all = Buffer.isBuffer(i) ? i : Buffer.from(i);
    for (let at = 0; at < all.length; at += 65516) {
      const d = all.subarray(at, at + 65516);
      process.stdout.write((d.length + 4).toString(16).padStart(4, '0'));
      process.stdout.write(d);
    }
  }
  process.stdout.write('0000');
}
(async () => {
  await list();
  send(['git-filter-server\\n', 'version=2\\n']);
  await list();
  send(['capability=clean\\n', 'capability=smudge\\n']);
  for (;;) {
    const header = await list();
    const content = [];
    for (let p = await packet(); p !== null; p = await packet()) content.push(p);
    const pathname = header.find((l) => l.startsWith('pathname=')).slice(9);
    fs.appendFileSync(process.env.FILTER_LOG, process.pid + ' ' + header.join(' ') + '\\n');
    if (pathname.includes('error')) { send(['status=error\\n']); continue; }
    if (pathname.includes('abort')) { send(['status=abort\\n']); continue; }
    if (pathname.includes('crash')) process.exit(1);
    const data = Buffer.concat(content).toString();
    const out = header.includes('command=smudge') ? data.toUpperCase() : data.toLowerCase();
    send(['status=success\\n']);
    send(out.length ? [Buffer.from(out)] : []);
    send([]);
  }
})();
`;

describe('checkout with attributes (against git worktree add)', function () {
  this.timeout(60_000);

  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-home-'));
    for (const key of [
      'HOME',
      'GIT_CONFIG_NOSYSTEM',
      'GIT_ATTR_NOSYSTEM',
      'XDG_CONFIG_HOME',
      'GIT_CONFIG_GLOBAL',
    ])
      saved[key] = process.env[key];
    Object.assign(process.env, ISOLATED_ENV, { HOME: home });
    delete process.env.GIT_CONFIG_GLOBAL;
    delete process.env.XDG_CONFIG_HOME;
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const TEXTS = {
    'lf.txt': 'one\ntwo\nthree\n',
    'crlf.txt': 'one\r\ntwo\r\n',
    'mixed.txt': 'one\r\ntwo\nthree\n',
    'lonecr.txt': 'one\rtwo\nthree\n',
    'nul.txt': 'one\n\0two\n',
    'noeol.txt': 'no newline',
    'empty.txt': '',
    'ctrl.txt': 'a\x01b\nc\x02d\n',
    'ctrl-z.txt': 'dos\n\x1a',
    'deep/er/file.c': 'int main() {\n  return 0;\n}\n',
  };

  it('text=auto eol=crlf: LF text gets CRLF, files with CR or binary bytes stay as they are', async () => {
    await expectSameCheckout({ ...TEXTS, '.gitattributes': '* text=auto eol=crlf\n' });
  });

  it('text eol=crlf converts lone LFs even next to CRLFs; eol=lf and -text write the blob', async () => {
    await expectSameCheckout({
      ...TEXTS,
      '.gitattributes': '* text eol=crlf\n*.c -text\nnoeol.txt eol=lf\n',
    });
  });

  it('core.autocrlf=true with no attributes converts what git sees as text', async () => {
    await expectSameCheckout(TEXTS, [['core.autocrlf', 'true']]);
  });

  it('core.eol=crlf applies to files marked text, core.autocrlf=input to none', async () => {
    const files = { ...TEXTS, '.gitattributes': '*.txt text\n*.c text=auto\n' };
    const { ours } = await expectSameCheckout(files, [['core.eol', 'crlf']]);
    expect(fs.readFileSync(path.join(ours, 'lf.txt'), 'latin1')).to.equal('one\r\ntwo\r\nthree\r\n');
    await expectSameCheckout(files, [['core.autocrlf', 'input']]);
  });

  it('the binary macro, a user macro, -text and legacy crlf, nested .gitattributes overriding the top', async () => {
    await expectSameCheckout(
      {
        ...TEXTS,
        '.gitattributes': '[attr]win text eol=crlf\n* win\n*.c binary\nnoeol.txt -crlf\nsub/** -text\n',
        'sub/.gitattributes': 'b.txt text\n',
        'sub/a.txt': 'a\nb\n',
        'sub/b.txt': 'a\nb\n',
        'deep/.gitattributes': '[attr]notallowed text\n*.c eol=crlf\n',
      },
      [['core.autocrlf', 'true']],
    );
  });

  it('ident expands $Id$ (and re-expands an old $Id: ...$) with the blob id, as git does', async () => {
    const { ours } = await expectSameCheckout({
      '.gitattributes': '*.id ident\n',
      'a.id': 'version $Id$ here\n$Id: old $\n$Id: has space inside $\n$Id:\nbroken $\n$Id',
      'b.txt': 'not expanded $Id$\n',
    });
    expect(fs.readFileSync(path.join(ours, 'a.id'), 'utf8')).to.match(
      /^version \$Id: [0-9a-f]{40} \$ here\n/,
    );
  });

  it('a smudge filter (shell command with %f), run in the repository, and ident and eol before it', async () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-filter-')), 'log');
    const { ours } = await expectSameCheckout(
      {
        '.gitattributes': '*.up filter=upper\nsp*.up text eol=crlf ident\n',
        'a.up': 'hello\nworld\n',
        'space name.up': 'x\n',
        "sp'q.up": 'quote $Id$\n',
        'plain.txt': 'hello\n',
      },
      [
        ['filter.upper.smudge', `tr a-z A-Z; printf '%s %s\\n' "$PWD" %f >> ${log}`],
        ['filter.upper.clean', 'tr A-Z a-z'],
      ],
    );
    expect(fs.readFileSync(path.join(ours, 'a.up'), 'utf8')).to.equal('HELLO\nWORLD\n');
    // git ran it in its new worktree, specgate in the repository's (where git-lfs finds its objects).
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    const repo = path.join(path.dirname(ours), 'repo');
    expect(lines.filter((line) => line.startsWith(`${repo} `)).sort()).to.deep.equal([
      `${repo} a.up`,
      `${repo} sp'q.up`,
      `${repo} space name.up`,
    ]);
  });

  it('a failing filter that is not required leaves the blob; an unknown driver is ignored', async () => {
    await expectSameCheckout(
      { '.gitattributes': '*.f filter=flaky\n*.u filter=nosuch\n', 'a.f': 'raw\n', 'b.u': 'raw\n' },
      [['filter.flaky.smudge', 'exit 3']],
    );
  });

  it('a required filter that fails is an error naming the path and the driver, as git fails', async () => {
    let failure: unknown;
    try {
      await checkBoth({ '.gitattributes': '*.r filter=broken\n', 'a.r': 'x\n' }, [
        ['filter.broken.smudge', 'exit 1'],
        ['filter.broken.required', 'true'],
      ]);
    } catch (error) {
      failure = error;
    }
    // git worktree add fails first: its message is the one specgate gives.
    expect(String(failure)).to.include('a.r: smudge filter broken failed');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-attr-'));
    git(root, ['init', '-q']);
    write(root, '.gitattributes', '*.r filter=broken\n');
    write(root, 'a.r', 'x\n');
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'c']);
    git(root, ['config', 'filter.broken.smudge', 'exit 1']);
    git(root, ['config', 'filter.broken.required', 'true']);
    const commit = git(root, ['rev-parse', 'HEAD']).stdout.trim();
    let ours: unknown;
    try {
      await materializeState({ ctx: contextFor(root), commitOid: commit, dir: path.join(root, 'state') });
    } catch (error) {
      ours = error;
    }
    expect(ours).to.be.instanceOf(UserError);
    expect((ours as UserError).code).to.equal('CHECKOUT_FILTER');
    expect((ours as UserError).message).to.equal('a.r: smudge filter broken failed');
  });

  it('a long-running process filter: one process, status=error keeps the blob, a crash restarts it, abort stops it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-filter-'));
    const script = path.join(dir, 'filter.cjs');
    fs.writeFileSync(script, PROCESS_FILTER);
    const log = path.join(dir, 'log');
    process.env.FILTER_LOG = log;
    try {
      const files: Record<string, string> = {
        '.gitattributes': '*.p filter=proc\n',
        'plain.txt': 'x\n',
        'an-error.p': 'keep me\n',
        // The filter dies on it: the file keeps its blob, and the next file starts a new process.
        'c-crash.p': 'crash me\n',
        // In git's order, after every d*/ file: the filter is not asked about z-after.p any more.
        'm-abort.p': 'keep me too\n',
        'z-after.p': 'left alone\n',
      };
      for (let i = 0; i < 20; i++) files[`d${i % 3}/f${i}.p`] = `content ${i}\n`.repeat(i * 500);
      const { ours } = await expectSameCheckout(files, [
        ['filter.proc.process', `node ${script}`],
        ['filter.proc.required', 'false'],
      ]);
      expect(fs.readFileSync(path.join(ours, 'd1/f1.p'), 'utf8')).to.equal('CONTENT 1\n'.repeat(500));
      expect(fs.readFileSync(path.join(ours, 'z-after.p'), 'utf8')).to.equal('left alone\n');
      expect(fs.readFileSync(path.join(ours, 'c-crash.p'), 'utf8')).to.equal('crash me\n');
      // git's 23 smudge requests, then ours (git status runs `clean` afterwards): the same paths in the same
      // order, through one process until the crash and one after it.
      const smudges = fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .filter((words) => words[1] === 'command=smudge');
      expect(smudges).to.have.length(46);
      const pathsOf = (requests: string[][]): string[] => requests.map((words) => words[2]);
      expect(pathsOf(smudges.slice(23))).to.deep.equal(pathsOf(smudges.slice(0, 23)));
      const processesOf = (requests: string[][]): number => new Set(requests.map((words) => words[0])).size;
      expect(processesOf(smudges.slice(23))).to.equal(2);
      expect(processesOf(smudges.slice(0, 23))).to.equal(2);
      expect(smudges[23][0]).to.not.equal(smudges[0][0]);
    } finally {
      delete process.env.FILTER_LOG;
    }
  });

  it('the converter gives the work-tree bytes of a blob at a path, and nothing at all without attributes', async () => {
    const { repo, commit } = await checkBoth({ '.gitattributes': '*.txt eol=crlf\n', 'a.txt': 'a\nb\n' });
    const ctx = contextFor(repo);
    const tree = git(repo, ['rev-parse', `${commit}^{tree}`]).stdout.trim();
    const converter = await openWorkTreeConverter({ ctx, treeOid: tree });
    const oid = git(repo, ['rev-parse', `${commit}:a.txt`]).stdout.trim();
    expect((await converter!.convert('a.txt', oid, Buffer.from('a\nb\n'))).toString()).to.equal('a\r\nb\r\n');
    expect(converter!.describe('other.bin')).to.equal('');
    await converter!.close();
    const plain = await checkBoth({ 'a.txt': 'a\n' });
    const none = await openWorkTreeConverter({
      ctx: contextFor(plain.repo),
      treeOid: git(plain.repo, ['rev-parse', 'HEAD^{tree}']).stdout.trim(),
    });
    expect(none).to.equal(undefined);
  });
});

describe('updating a state with attributes (against git worktree add)', function () {
  this.timeout(60_000);

  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-home-'));
    for (const key of [
      'HOME',
      'GIT_CONFIG_NOSYSTEM',
      'GIT_ATTR_NOSYSTEM',
      'XDG_CONFIG_HOME',
      'GIT_CONFIG_GLOBAL',
    ])
      saved[key] = process.env[key];
    Object.assign(process.env, ISOLATED_ENV, { HOME: home });
    delete process.env.GIT_CONFIG_GLOBAL;
    delete process.env.XDG_CONFIG_HOME;
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  /** A repository holding one commit per file set (each set replaces the whole tree), and their ids. */
  function commits(sets: Record<string, string>[], config: string[][] = []): { repo: string; ids: string[] } {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-attr-'));
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['config', 'core.autocrlf', 'false']);
    fs.mkdirSync(path.join(repo, '.git', 'info'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.git', 'info', 'attributes'), '* -text -filter -ident\n');
    const ids: string[] = [];
    for (const set of sets) {
      git(repo, ['rm', '-rq', '--ignore-unmatch', '.']);
      for (const [file, content] of Object.entries(set)) write(repo, file, content);
      git(repo, ['add', '-A']);
      git(repo, ['commit', '-q', '--allow-empty', '-m', 'c']);
      ids.push(git(repo, ['rev-parse', 'HEAD']).stdout.trim());
    }
    fs.rmSync(path.join(repo, '.git', 'info', 'attributes'));
    for (const [key, value] of config) git(repo, ['config', key, value]);
    return { repo, ids };
  }

  function nativeCheckout(repo: string, commit: string): string {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-native-')), 'wt');
    git(repo, ['worktree', 'add', '-q', '--detach', dir, commit]);
    return dir;
  }

  const PLAIN = { 'a.txt': 'a\nb\n', 'b.txt': 'b\n', 'c.up': 'upper me\n', 'bin.dat': 'x\0y\n' };
  const CONVERTED = {
    ...PLAIN,
    'b.txt': 'b\nchanged\n',
    '.gitattributes': '*.txt eol=crlf\n*.up filter=upper\n',
  };
  const FILTER = [
    ['filter.upper.smudge', 'tr a-z A-Z'],
    ['filter.upper.clean', 'tr A-Z a-z'],
  ];

  it('rewrites unchanged blobs whose conversion a changed .gitattributes turns on, and off again', async () => {
    const { repo, ids } = commits([PLAIN, CONVERTED], FILTER);
    const ctx = contextFor(repo);
    const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-state-')), 's');
    await materializeState({ ctx, commitOid: ids[0], dir: state });

    const up = await updateState({ ctx, dir: state, commitOid: ids[1] });
    const native1 = nativeCheckout(repo, ids[1]);
    expect(snapshot(state)).to.deep.equal(snapshot(native1));
    expect(fs.readFileSync(path.join(state, 'a.txt'), 'latin1')).to.equal('a\r\nb\r\n');
    expect(git(state, ['status', '--porcelain']).stdout).to.equal('');
    // .gitattributes and b.txt changed; a.txt and c.up only in how they are converted; bin.dat not at all.
    expect(up).to.deep.equal({ written: 4, removed: 0 });

    const down = await updateState({ ctx, dir: state, commitOid: ids[0] });
    expect(snapshot(state)).to.deep.equal(snapshot(nativeCheckout(repo, ids[0])));
    expect(git(state, ['status', '--porcelain']).stdout).to.equal('');
    expect(down).to.deep.equal({ written: 3, removed: 1 });
  });

  it('compares a racy file with the bytes the checkout wrote for it, not with the raw blob', async () => {
    const { repo, ids } = commits([CONVERTED], FILTER);
    const ctx = contextFor(repo);
    const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-state-')), 's');
    await materializeState({ ctx, commitOid: ids[0], dir: state });
    // An index older than every file: each entry is racily clean, so only content can tell.
    fs.utimesSync(path.join(state, '.git', 'index'), 0, 0);
    const again = await updateState({ ctx, dir: state, commitOid: ids[0] });
    // The CRLF files are kept; the file behind a filter is written again rather than filtered to compare.
    expect(again).to.deep.equal({ written: 1, removed: 0 });
    expect(snapshot(state)).to.deep.equal(snapshot(nativeCheckout(repo, ids[0])));
    expect(git(state, ['status', '--porcelain']).stdout).to.equal('');
  });
});

describe('end-of-line conversion of generated contents (against git worktree add)', function () {
  this.timeout(60_000);

  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-home-'));
    for (const key of [
      'HOME',
      'GIT_CONFIG_NOSYSTEM',
      'GIT_ATTR_NOSYSTEM',
      'XDG_CONFIG_HOME',
      'GIT_CONFIG_GLOBAL',
    ])
      saved[key] = process.env[key];
    Object.assign(process.env, ISOLATED_ENV, { HOME: home });
    delete process.env.GIT_CONFIG_GLOBAL;
    delete process.env.XDG_CONFIG_HOME;
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  // Bytes that steer git's heuristics: line endings, NUL, control bytes, DEL, ^Z, `$Id$` pieces.
  const byte = fc.constantFrom(
    'a',
    'b',
    ' ',
    '\n',
    '\n',
    '\r',
    '\r\n',
    '\0',
    '\x01',
    '\x7f',
    '\x1a',
    '\t',
    '\x1b',
    '$Id$',
    '$Id: x $',
    'é',
  );
  const contents = fc.sample(
    fc.array(byte, { maxLength: 300 }).map((parts) => parts.join('')),
    { numRuns: 80, seed: 11 },
  );
  const SUFFIXES = ['auto', 'autocrlf', 'autolf', 'text', 'crlf', 'lf', 'binary', 'none', 'ident'];
  const ATTRIBUTES =
    '*.auto text=auto\n*.autocrlf text=auto eol=crlf\n*.autolf text=auto eol=lf\n*.text text\n*.crlf eol=crlf\n*.lf text eol=lf\n*.binary -text\n*.ident ident text=auto eol=crlf\n';

  for (const config of [[], [['core.autocrlf', 'true']], [['core.eol', 'crlf']]]) {
    it(`writes what git writes for every content and attribute (${config.map((c) => c.join('=')).join(' ') || 'default config'})`, async () => {
      const files: Record<string, string> = { '.gitattributes': ATTRIBUTES };
      contents.forEach((content, i) => {
        files[`f${i}.${SUFFIXES[i % SUFFIXES.length]}`] = content;
      });
      await expectSameCheckout(files, config);
    });
  }
});

describe('the clean conversion (against git hash-object --path)', function () {
  this.timeout(60_000);

  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-home-'));
    for (const key of [
      'HOME',
      'GIT_CONFIG_NOSYSTEM',
      'GIT_ATTR_NOSYSTEM',
      'XDG_CONFIG_HOME',
      'GIT_CONFIG_GLOBAL',
    ])
      saved[key] = process.env[key];
    Object.assign(process.env, ISOLATED_ENV, { HOME: home });
    delete process.env.GIT_CONFIG_GLOBAL;
    delete process.env.XDG_CONFIG_HOME;
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const part = fc.constantFrom(
    'a',
    ' ',
    '\n',
    '\r\n',
    '\r\n',
    '\r',
    '\0',
    '\x01',
    '$Id$',
    '$Id: 0123 $',
    '$Id: a\nb $',
  );
  const contents = fc.sample(
    fc.array(part, { maxLength: 60 }).map((parts) => parts.join('')),
    { numRuns: 60, seed: 5 },
  );
  const SUFFIXES = ['auto', 'text', 'crlf', 'lf', 'binary', 'none', 'ident', 'up'];
  const ATTRIBUTES =
    '*.auto text=auto\n*.text text\n*.crlf eol=crlf\n*.lf text eol=lf\n*.binary -text\n*.ident ident text=auto\n*.up filter=upper text\n';

  for (const config of [[], [['core.autocrlf', 'true']], [['core.autocrlf', 'input']]]) {
    it(`gives the blob git add would store (${config.map((c) => c.join('=')).join(' ') || 'default config'}), CRLFs in the index kept`, async () => {
      const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-clean-'));
      git(repo, ['init', '-q']);
      for (const [key, value] of [
        ...config,
        ['filter.upper.clean', 'tr a-z A-Z'],
        ['filter.upper.smudge', 'cat'],
      ])
        git(repo, ['config', key, value]);
      // Committed CRLF text at these paths: text=auto must keep CRLFs there.
      const indexed = ['kept0.auto', 'kept1.ident'];
      for (const file of indexed) write(repo, file, 'committed\r\nwith crlf\r\n');
      git(repo, ['-c', 'core.autocrlf=false', 'add', '--', ...indexed]);
      write(repo, '.gitattributes', ATTRIBUTES);
      const attributesOid = git(repo, ['hash-object', '-w', '.gitattributes']).stdout.trim();
      const files = contents.map((_, i) => `f${i}.${SUFFIXES[i % SUFFIXES.length]}`);
      contents.forEach((content, i) => write(repo, files[i], content));
      indexed.forEach((file, i) => write(repo, file, contents[i]));
      const all = [...files, ...indexed];
      const result = spawnSync('git', ['hash-object', '--stdin-paths'], {
        cwd: repo,
        input: all.join('\n') + '\n',
        encoding: 'utf8',
      });
      const expected = result.stdout.trim().split('\n');
      const converter = await openWorkTreeConverter({
        ctx: contextFor(repo),
        files: [{ path: '.gitattributes', oid: attributesOid, mode: 0o100644 }],
      });
      const indexBlob = Buffer.from('committed\r\nwith crlf\r\n');
      const ours: string[] = [];
      for (const file of all) {
        const clean = await converter!.toGit(
          file,
          fs.readFileSync(path.join(repo, file)),
          indexed.includes(file) ? indexBlob : undefined,
        );
        ours.push(createHash('sha1').update(`blob ${clean.length}\0`).update(clean).digest('hex'));
      }
      await converter!.close();
      expect(ours).to.deep.equal(expected);
    });
  }
});
