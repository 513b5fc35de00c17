import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import {
  access,
  appendFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { PrepareStep } from '../../../src/core/types.js';
import { computePrepareKey } from '../../../src/jobs/prepare/compute-prepare-key.js';
import {
  type PrepareOutcome,
  type PrepareStepEvent,
  prepareWorkspace,
} from '../../../src/jobs/prepare-workspace.js';
import { cleanup, isRunning, readPid, tempDir } from './job-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * A stand-in for `npm ci`: counts its runs in `$COUNTER` (outside every workspace), then builds a small
 * product tree from the key file: a copy of it, a regular file, an executable, a relative symlink.
 */
const INSTALL =
  'echo run >> "$COUNTER"; sleep "${DELAY:-0}"; mkdir -p products/sub && ' +
  '{ cat lock.txt 2>/dev/null || echo none; } > products/sub/lock-copy.txt && printf hello > products/a.txt && ' +
  'printf "#!/bin/sh\\necho hi\\n" > products/tool && chmod +x products/tool && ln -s sub/lock-copy.txt products/link';
const STEP: PrepareStep = { run: INSTALL, key: ['lock.txt'], paths: ['products'] };

interface Fixture {
  cacheDir: string;
  counter: string;
  /** A new workspace holding `files`. */
  workspace(files?: Record<string, string>): Promise<string>;
  prepare(
    workspace: string,
    options?: Partial<Parameters<typeof prepareWorkspace>[0]>,
  ): Promise<PrepareOutcome>;
  /** How many times the step ran. */
  runs(): Promise<number>;
  /** Names of the complete cache entries. */
  entries(): Promise<string[]>;
}

async function fixture(extraEnv: Record<string, string> = {}): Promise<Fixture> {
  const base = await tempDir();
  const cacheDir = path.join(base, 'cache');
  const counter = path.join(base, 'runs.txt');
  let made = 0;
  return {
    cacheDir,
    counter,
    async workspace(files = { 'lock.txt': 'v1\n' }) {
      made += 1;
      const dir = path.join(base, `ws-${made}`);
      await mkdir(dir, { recursive: true });
      for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
      return dir;
    },
    prepare(workspace, options = {}) {
      return prepareWorkspace({
        steps: [STEP],
        workspace,
        cacheDir,
        logDir: path.join(workspace, '..', `logs-${path.basename(workspace)}`),
        env: { SPECGATE: '1', COUNTER: counter, ...extraEnv },
        signal: new AbortController().signal,
        pollMs: 20,
        killGraceMs: 200,
        ...options,
      });
    },
    async runs() {
      const text = await readFile(counter, 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean).length;
    },
    async entries() {
      const names = await readdir(cacheDir).catch(() => [] as string[]);
      const complete: string[] = [];
      for (const name of names) if (await exists(path.join(cacheDir, name, '.complete'))) complete.push(name);
      return complete;
    },
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The products of a workspace as data: every file's content, every link's target, executables marked. */
async function snapshot(workspace: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    const full = path.join(workspace, rel);
    const stats = await lstat(full);
    if (stats.isDirectory())
      for (const name of (await readdir(full)).sort()) await walk(path.join(rel, name));
    else if (stats.isSymbolicLink()) out[rel] = `-> ${await readlink(full)}`;
    else out[rel] = `${await readFile(full, 'utf8')}${stats.mode & 0o100 ? ' [x]' : ''}`;
  };
  await walk('products');
  return out;
}

const EXPECTED_V1 = {
  'products/a.txt': 'hello',
  'products/link': '-> sub/lock-copy.txt',
  'products/sub/lock-copy.txt': 'v1\n',
  'products/tool': '#!/bin/sh\necho hi\n [x]',
};

describe('prepareWorkspace', function () {
  after(cleanup);

  it('runs the step once per key: a miss stores the products, a hit places them into the next workspace', async function () {
    const f = await fixture();
    const first = await f.workspace();
    const second = await f.workspace();

    const miss = await f.prepare(first);
    expect(miss.ok, miss.message).to.equal(true);
    expect(miss.steps).to.have.length(1);
    expect(miss.steps[0]).to.include({ run: INSTALL, cached: false });
    expect(miss.steps[0].key).to.match(/^[0-9a-f]{64}$/);
    const hit = await f.prepare(second);
    expect(hit.ok, hit.message).to.equal(true);
    expect(hit.steps[0]).to.include({ cached: true, key: miss.steps[0].key });

    expect(await f.runs()).to.equal(1);
    expect(await snapshot(first)).to.deep.equal(EXPECTED_V1);
    expect(await snapshot(second)).to.deep.equal(EXPECTED_V1);
    expect(await f.entries()).to.deep.equal([miss.steps[0].key]);
    // The placed executable runs from its new place.
    expect(execFileSync(path.join(second, 'products', 'tool'), { encoding: 'utf8' })).to.equal('hi\n');
    expect(await readFile(miss.steps[0].log as string, 'utf8')).to.include('$ ' + INSTALL);
    expect(await readFile(hit.steps[0].log as string, 'utf8')).to.include('cache hit');
    expect(path.basename(hit.steps[0].log as string)).to.equal('prepare-1.log');
  });

  it('makes the cached files read-only, and hard-links them where it places by hard links', async function () {
    const f = await fixture();
    const first = await f.workspace();
    const second = await f.workspace();
    await f.prepare(first);
    const hit = await f.prepare(second);
    const cached = path.join(f.cacheDir, hit.steps[0].key, 'tree', 'products', 'a.txt');
    expect((await stat(cached)).mode & 0o222).to.equal(0);
    if (hit.steps[0].placement === 'hardlink') {
      expect((await stat(path.join(second, 'products', 'a.txt'))).ino).to.equal((await stat(cached)).ino);
    } else {
      expect(hit.steps[0].placement).to.be.oneOf(['reflink', 'copy']);
    }
  });

  it('runs again for different key content, and each workspace gets the products of its own key', async function () {
    const f = await fixture();
    const a = await f.prepare(await f.workspace({ 'lock.txt': 'v1\n' }));
    const bDir = await f.workspace({ 'lock.txt': 'v2\n' });
    const b = await f.prepare(bDir);
    const a2Dir = await f.workspace({ 'lock.txt': 'v1\n' });
    const a2 = await f.prepare(a2Dir);
    expect([a.ok, b.ok, a2.ok]).to.deep.equal([true, true, true]);
    expect(b.steps[0].key).not.to.equal(a.steps[0].key);
    expect(b.steps[0].cached).to.equal(false);
    expect(a2.steps[0]).to.include({ cached: true, key: a.steps[0].key });
    expect(await f.runs()).to.equal(2);
    expect((await snapshot(bDir))['products/sub/lock-copy.txt']).to.equal('v2\n');
    expect((await snapshot(a2Dir))['products/sub/lock-copy.txt']).to.equal('v1\n');
  });

  it('keys a missing key file as missing: no error, shared by workspaces without it, distinct from any content', async function () {
    const f = await fixture();
    const none1 = await f.prepare(await f.workspace({}));
    const none2Dir = await f.workspace({});
    const none2 = await f.prepare(none2Dir);
    const empty = await f.prepare(await f.workspace({ 'lock.txt': '' }));
    expect([none1.ok, none2.ok, empty.ok]).to.deep.equal([true, true, true]);
    expect(none2.steps[0]).to.include({ cached: true, key: none1.steps[0].key });
    expect(empty.steps[0].key).not.to.equal(none1.steps[0].key);
    expect(await f.runs()).to.equal(2);
    expect((await snapshot(none2Dir))['products/sub/lock-copy.txt']).to.equal('none\n');
  });

  it('tells onStep when each step starts (command, cache hit or miss) and ends (result, time), a failure last', async function () {
    const f = await fixture();
    const seen: string[] = [];
    const onStep = (event: PrepareStepEvent): void => {
      seen.push(
        event.type === 'start'
          ? `start ${event.index} ${event.run === INSTALL ? 'INSTALL' : event.run} ${event.cached ? 'hit' : 'miss'}`
          : `end ${event.index} ${event.ok ? 'ok' : 'failed'} ${event.outcome.cached ? 'hit' : 'miss'} ${event.outcome.durationMs > 0 ? 'timed' : 'untimed'}`,
      );
    };
    const steps = [STEP, { run: 'exit 1', key: [], paths: ['x'] }];
    await f.prepare(await f.workspace(), { steps, onStep });
    await f.prepare(await f.workspace(), { steps, onStep });
    expect(seen).to.deep.equal([
      'start 0 INSTALL miss',
      'end 0 ok miss timed',
      'start 1 exit 1 miss',
      'end 1 failed miss timed',
      'start 0 INSTALL hit',
      'end 0 ok hit timed',
      'start 1 exit 1 miss',
      'end 1 failed miss timed',
    ]);
  });

  it('reports a failing step with its command, reason and log, and caches nothing', async function () {
    const f = await fixture();
    const workspace = await f.workspace();
    const failing = {
      run: 'echo "$COUNTER" >/dev/null; echo run >> "$COUNTER"; echo boom; exit 3',
      key: ['lock.txt'],
      paths: ['products'],
    };
    const outcome = await f.prepare(workspace, { steps: [failing] });
    const log = path.join(workspace, '..', `logs-${path.basename(workspace)}`, 'prepare-1.log');
    expect(outcome.ok).to.equal(false);
    expect(outcome.message).to.equal(
      `prepare step ${JSON.stringify(failing.run)} failed (exited with status 3); log: ${log}`,
    );
    expect(outcome.steps).to.have.length(1);
    expect(outcome.steps[0]).to.include({ cached: false, log });
    expect(await readFile(log, 'utf8')).to.include('boom');
    // Nothing cached, no lock left behind, no temporary directory: the next workspace runs it again.
    expect(await readdir(f.cacheDir)).to.deep.equal([]);
    expect((await f.prepare(await f.workspace(), { steps: [failing] })).ok).to.equal(false);
    expect(await f.runs()).to.equal(2);
  });

  it('stops at the first failing step; later steps neither run nor appear', async function () {
    const f = await fixture();
    const workspace = await f.workspace();
    const outcome = await f.prepare(workspace, {
      steps: [
        STEP,
        { run: 'exit 1', key: [], paths: ['x'] },
        { run: 'echo run >> "$COUNTER"', key: [], paths: ['y'] },
      ],
    });
    expect(outcome.ok).to.equal(false);
    expect(outcome.steps.map((s) => s.cached)).to.deep.equal([false, false]);
    expect(outcome.message).to.match(
      /^prepare step "exit 1" failed \(exited with status 1\); log: .*prepare-2\.log$/,
    );
    expect(await f.runs()).to.equal(1);
  });

  it('runs the step once for concurrent prepares with the same key; the others wait and take the hit', async function () {
    const f = await fixture({ DELAY: '0.5' });
    const workspaces = await Promise.all([1, 2, 3, 4].map(() => f.workspace()));
    const outcomes = await Promise.all(workspaces.map((workspace) => f.prepare(workspace)));
    expect(outcomes.map((o) => o.ok)).to.deep.equal([true, true, true, true]);
    expect(outcomes.filter((o) => !o.steps[0].cached)).to.have.length(1);
    expect(await f.runs()).to.equal(1);
    for (const workspace of workspaces) expect(await snapshot(workspace)).to.deep.equal(EXPECTED_V1);
    expect(await exists(path.join(f.cacheDir, `${outcomes[0].steps[0].key}.lock`))).to.equal(false);
  });

  it('runs the step once when another specgate process prepares the same key at the same time', async function () {
    const f = await fixture({ DELAY: '1' });
    const mine = await f.workspace();
    const theirs = await f.workspace();
    const script = path.join(path.dirname(f.cacheDir), 'other-process.mts');
    await writeFile(
      script,
      [
        `import { prepareWorkspace } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/jobs/prepare-workspace.ts')).href)};`,
        `const outcome = await prepareWorkspace(${JSON.stringify({
          steps: [STEP],
          workspace: theirs,
          cacheDir: f.cacheDir,
          logDir: path.join(theirs, '..', 'logs-other'),
          env: { SPECGATE: '1', COUNTER: f.counter, DELAY: '1' },
          pollMs: 20,
        }).replace(/}$/, ', signal: new AbortController().signal }')});`,
        'process.stdout.write(JSON.stringify(outcome));',
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Whichever of the two takes the lock first, exactly one of them runs the step.
    const own = await f.prepare(mine);
    expect(await exited).to.equal(0);
    const other = JSON.parse(stdout) as PrepareOutcome;
    expect([own.ok, other.ok]).to.deep.equal([true, true]);
    expect([own.steps[0].cached, other.steps[0].cached].sort()).to.deep.equal([false, true]);
    expect(await f.runs()).to.equal(1);
    expect(await snapshot(theirs)).to.deep.equal(EXPECTED_V1);
    expect(await snapshot(mine)).to.deep.equal(EXPECTED_V1);
  });

  it('kills the whole process tree of a running step on abort, caches nothing and releases the lock', async function () {
    const f = await fixture();
    const workspace = await f.workspace();
    const pidFile = path.join(path.dirname(f.cacheDir), 'grandchild.pid');
    const controller = new AbortController();
    const hanging = {
      run: `sleep 100 & echo $! > ${JSON.stringify(pidFile)}; wait`,
      key: ['lock.txt'],
      paths: ['products'],
    };
    const pending = f.prepare(workspace, { steps: [hanging], signal: controller.signal });
    while (!(await exists(pidFile)) || (await readFile(pidFile, 'utf8')).trim() === '') await sleep(20);
    const grandchild = await readPid(pidFile);
    expect(await isRunning(grandchild)).to.equal(true);
    // Killed, not waited for: the step's sleep would outlast the test's own timeout.
    controller.abort();
    const outcome = await pending;
    expect(outcome.ok).to.equal(false);
    expect(outcome.message).to.match(/^prepare step ".*" was aborted; log: .*prepare-1\.log$/);
    expect(await isRunning(grandchild)).to.equal(false);
    expect(await readdir(f.cacheDir)).to.deep.equal([]);
  });

  it('stops waiting for another preparer on abort', async function () {
    const f = await fixture();
    const key = await computePrepareKey({ step: STEP, workspace: await f.workspace() });
    await mkdir(f.cacheDir, { recursive: true });
    // A live owner that is not this process: the parent of the test runner, say.
    await writeFile(path.join(f.cacheDir, `${key}.lock`), `${process.ppid} someone-else\n`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const outcome = await f.prepare(await f.workspace(), { signal: controller.signal });
    expect(outcome.ok).to.equal(false);
    expect(outcome.message).to.match(/was aborted/);
    expect(await f.runs()).to.equal(0);
  });

  it('never lets a job that modifies a placed file change what the next workspace gets', async function () {
    const f = await fixture();
    const first = await f.workspace();
    await f.prepare(first);
    await sleep(20);
    // What a job might do to its node_modules: rewrite a file in place (same size), append to one, add and
    // delete files. For anyone but root the in-place writes fail (read-only); root gets through, and then
    // the next placement must notice.
    const wrote: boolean[] = [];
    for (const write of [
      () => writeFile(path.join(first, 'products', 'a.txt'), 'HELLO'),
      () => appendFile(path.join(first, 'products', 'sub', 'lock-copy.txt'), 'tampered\n'),
    ]) {
      wrote.push(
        await write().then(
          () => true,
          () => false,
        ),
      );
    }
    await writeFile(path.join(first, 'products', 'sub', 'new.txt'), 'new');
    await rm(path.join(first, 'products', 'tool'));

    const second = await f.workspace();
    const outcome = await f.prepare(second);
    expect(outcome.ok, outcome.message).to.equal(true);
    expect(await snapshot(second)).to.deep.equal(EXPECTED_V1);
    if (wrote.some(Boolean)) {
      // The modified entry was discarded and the step ran again.
      expect(outcome.steps[0].cached).to.equal(false);
      expect(await readFile(outcome.steps[0].log as string, 'utf8')).to.match(
        /was modified after it was stored/,
      );
      expect(await f.runs()).to.equal(2);
    } else {
      expect(outcome.steps[0].cached).to.equal(true);
    }
    // And the entry now in the cache is intact for the state after that.
    const third = await f.workspace();
    expect((await f.prepare(third)).steps[0].cached).to.equal(true);
    expect(await snapshot(third)).to.deep.equal(EXPECTED_V1);
  });

  it('with placement copy, gives each workspace its own writable files and never reruns', async function () {
    const f = await fixture();
    const first = await f.workspace();
    const miss = await f.prepare(first, { placement: 'copy' });
    expect(miss.steps[0].placement).to.equal(undefined);
    const second = await f.workspace();
    const hit = await f.prepare(second, { placement: 'copy' });
    expect(hit.steps[0]).to.include({ cached: true, placement: 'copy' });
    await sleep(20);
    await writeFile(path.join(second, 'products', 'a.txt'), 'HELLO');
    const third = await f.workspace();
    expect((await f.prepare(third, { placement: 'copy' })).steps[0].cached).to.equal(true);
    expect(await snapshot(third)).to.deep.equal(EXPECTED_V1);
    expect(await f.runs()).to.equal(1);
  });

  it('takes over a stale lock: one whose pid is dead, or one naming this process but none of its locks', async function () {
    for (const owner of ['dead', 'own'] as const) {
      const f = await fixture();
      const workspace = await f.workspace();
      const key = await computePrepareKey({ step: STEP, workspace });
      let pid = process.pid;
      if (owner === 'dead') {
        const child = spawn('true');
        await new Promise((resolve) => child.once('exit', resolve));
        pid = child.pid as number;
      }
      await mkdir(f.cacheDir, { recursive: true });
      const lock = path.join(f.cacheDir, `${key}.lock`);
      await writeFile(lock, `${pid} left-by-a-crash\n`);
      const started = performance.now();
      const outcome = await f.prepare(workspace);
      expect(outcome.ok, `${owner}: ${outcome.message}`).to.equal(true);
      expect(outcome.steps[0]).to.include({ cached: false, key });
      expect(performance.now() - started).to.be.below(5000);
      expect(await f.runs()).to.equal(1);
      expect(await exists(lock)).to.equal(false);
    }
  });

  it('keeps only the most recently used entries, sparing one in use', async function () {
    const f = await fixture();
    const keys: string[] = [];
    for (const version of ['v1', 'v2', 'v3']) {
      const outcome = await f.prepare(await f.workspace({ 'lock.txt': `${version}\n` }), { keep: 2 });
      keys.push(outcome.steps[0].key);
      await sleep(20);
    }
    expect((await f.entries()).sort()).to.deep.equal([keys[1], keys[2]].sort());
    // Using v2 makes v3 the least recently used one.
    expect(
      (await f.prepare(await f.workspace({ 'lock.txt': 'v2\n' }), { keep: 2 })).steps[0].cached,
    ).to.equal(true);
    await sleep(20);
    // A marker of a live process (this one) protects v3 from the pruning that storing v4 does.
    await writeFile(path.join(f.cacheDir, `${keys[2]}.use-${process.pid}-test`), '');
    await f.prepare(await f.workspace({ 'lock.txt': 'v4\n' }), { keep: 2 });
    expect(await f.entries()).to.have.members([
      keys[1],
      keys[2],
      (await f.entries()).find((k) => !keys.includes(k)),
    ]);
    expect(await f.entries()).to.have.length(3);
    await rm(path.join(f.cacheDir, `${keys[2]}.use-${process.pid}-test`));
    await f.prepare(await f.workspace({ 'lock.txt': 'v5\n' }), { keep: 2 });
    expect(await f.entries()).to.have.length(2);
    expect(await f.entries()).not.to.include(keys[2]);
  });

  it('caches a path the step did not produce as absent, and removes it from a workspace on a hit', async function () {
    const f = await fixture();
    const step = { run: 'echo run >> "$COUNTER"', key: ['lock.txt'], paths: ['out'] };
    expect((await f.prepare(await f.workspace(), { steps: [step] })).ok).to.equal(true);
    const second = await f.workspace({ 'lock.txt': 'v1\n', out: 'stale' });
    const hit = await f.prepare(second, { steps: [step] });
    expect(hit.steps[0].cached).to.equal(true);
    expect(await exists(path.join(second, 'out'))).to.equal(false);
    expect(await f.runs()).to.equal(1);
  });

  it('chains keys: a new key for one step gives new keys to the steps after it', async function () {
    const f = await fixture();
    const later = {
      run: 'mkdir -p built && cp products/sub/lock-copy.txt built/',
      key: [],
      paths: ['built'],
    };
    const a = await f.prepare(await f.workspace({ 'lock.txt': 'v1\n' }), { steps: [STEP, later] });
    const bDir = await f.workspace({ 'lock.txt': 'v2\n' });
    const b = await f.prepare(bDir, { steps: [STEP, later] });
    expect(a.ok && b.ok).to.equal(true);
    expect(b.steps[1].key).not.to.equal(a.steps[1].key);
    expect(b.steps[1].cached).to.equal(false);
    expect(await readFile(path.join(bDir, 'built', 'lock-copy.txt'), 'utf8')).to.equal('v2\n');
  });

  it('refuses paths outside the state directory or in .git, and overlapping paths, before running anything', async function () {
    const f = await fixture();
    const workspace = await f.workspace();
    for (const [step, pattern] of [
      [
        { run: 'true', key: [], paths: ['../escape'] },
        /paths entry "..\/escape" must be a relative path inside the state directory/,
      ],
      [{ run: 'true', key: ['/etc/passwd'], paths: ['x'] }, /key entry "\/etc\/passwd"/],
      [{ run: 'true', key: [], paths: ['.git/hooks'] }, /paths entry ".git\/hooks"/],
      [{ run: 'true', key: [], paths: ['a', 'a/b/'] }, /paths "a" and "a\/b" overlap/],
    ] as const) {
      const outcome = await f.prepare(workspace, {
        steps: [{ ...step, key: [...step.key], paths: [...step.paths] }],
      });
      expect(outcome.ok).to.equal(false);
      expect(outcome.message).to.match(pattern);
    }
    expect(await exists(f.cacheDir)).to.equal(false);
  });

  it('does nothing, and touches nothing, without steps', async function () {
    const f = await fixture();
    const outcome = await f.prepare(await f.workspace(), { steps: [] });
    expect(outcome).to.deep.equal({ ok: true, message: 'nothing to prepare', steps: [] });
    expect(await exists(f.cacheDir)).to.equal(false);
  });
});

describe('computePrepareKey', function () {
  after(cleanup);

  it('depends on the run, the paths, key content, platform, arch and Node major, not on key order', async function () {
    const workspace = await tempDir();
    await writeFile(path.join(workspace, 'a'), '1');
    await writeFile(path.join(workspace, 'b'), '2');
    const step = { run: 'npm ci', key: ['a', 'b'], paths: ['node_modules'] };
    const base = await computePrepareKey({
      step,
      workspace,
      platform: 'linux',
      arch: 'x64',
      nodeVersion: '20.1.0',
    });
    const variant = (over: Partial<Parameters<typeof computePrepareKey>[0]>) =>
      computePrepareKey({ step, workspace, platform: 'linux', arch: 'x64', nodeVersion: '20.1.0', ...over });
    expect(await variant({ step: { ...step, key: ['b', 'a'] } })).to.equal(base);
    expect(await variant({ nodeVersion: '20.9.9' })).to.equal(base);
    for (const other of [
      await variant({ step: { ...step, run: 'npm install' } }),
      await variant({ step: { ...step, paths: ['node_modules', 'dist'] } }),
      await variant({ step: { ...step, key: ['a'] } }),
      await variant({ platform: 'darwin' }),
      await variant({ arch: 'arm64' }),
      await variant({ nodeVersion: '22.0.0' }),
      await variant({ previous: 'f'.repeat(64) }),
    ]) {
      expect(other).not.to.equal(base);
    }
    await writeFile(path.join(workspace, 'b'), '3');
    expect(await variant({})).not.to.equal(base);
  });

  it('hashes a key directory by its content', async function () {
    const workspace = await tempDir();
    await mkdir(path.join(workspace, 'patches'));
    await writeFile(path.join(workspace, 'patches', 'x.patch'), 'one');
    const step = { run: 'npm ci', key: ['patches'], paths: ['node_modules'] };
    const before = await computePrepareKey({ step, workspace });
    await writeFile(path.join(workspace, 'patches', 'x.patch'), 'two');
    expect(await computePrepareKey({ step, workspace })).not.to.equal(before);
  });
});
