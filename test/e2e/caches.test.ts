import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { CacheSummary } from '../../src/caches/survey-caches.js';
import type { RemovedCacheEntries } from '../../src/caches/remove-cache-entries.js';
import { configFile, fixtureRepo } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const PREPARE = `
prepare:
  - run: mkdir -p deps && head -c 300000 /dev/zero > deps/blob && cp greet.sh deps/
    key: [greet.sh]
    paths: [deps]
jobs:
  uses-deps:
    run: test -f deps/blob
`;
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

const workspacesOf = (dir: string) => {
  const root = path.join(dir, '.git', 'specgate', 'cache', 'prepare');
  return fs
    .readdirSync(root)
    .filter((name) => /^[0-9a-f]{64}$/.test(name))
    .map((name) => path.join(root, name));
};
const logsOf = (dir: string) => {
  const root = path.join(dir, '.git', 'specgate', 'logs');
  return fs.readdirSync(root).map((name) => path.join(root, name));
};
/** Makes a cache entry look last used long ago (what LRU goes by). */
const age = (entry: string, when: Date) => {
  const complete = path.join(entry, '.complete');
  if (fs.existsSync(complete)) fs.utimesSync(complete, when, when);
  for (const name of fs.readdirSync(entry, { recursive: true }) as string[])
    fs.utimesSync(path.join(entry, name), when, when);
  fs.utimesSync(entry, when, when);
};

describe('specgate cache: list, size, prune and bound every cache', () => {
  let dir: string;
  let config: string;
  beforeEach(async () => {
    ({ dir } = await fixtureRepo('demo'));
    config = configFile(PREPARE);
    const run = await runCli(['gate', 'add-farewell', 'shout-greeting', '--config', config], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
  });

  it('lists results, workspaces, merges and logs, each with entries, bytes and last use', async () => {
    const run = await runCli(['cache', '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const { caches } = JSON.parse(run.stdout) as { caches: CacheSummary[] };
    expect(caches.map((c) => c.kind)).to.deep.equal(['results', 'workspaces', 'merges', 'logs', 'artifacts']);
    for (const cache of caches.filter((c) => c.kind !== 'artifacts')) {
      expect(cache.entries, cache.kind).to.be.above(0);
      expect(cache.bytes, cache.kind).to.be.above(0);
      expect(Date.parse(cache.lastUsed!), cache.kind).to.be.above(Date.now() - 10 * 60_000);
    }
    // Two keys (shout-greeting edits greet.sh), each holding a 300 kB blob.
    const workspaces = caches.find((c) => c.kind === 'workspaces')!;
    expect(workspaces.entries).to.equal(2);
    expect(workspaces.bytes).to.be.at.least(600_000);

    // cache list names the change whose state each result is for, as the run that wrote it knew it.
    const listed = await runCli(['cache', 'list', '--json'], { cwd: dir });
    const { results } = JSON.parse(listed.stdout) as { results: Array<{ change?: string; job: string }> };
    expect(results.map((r) => r.change).sort()).to.deep.equal(['add-farewell', 'shout-greeting']);
    const rows = (await runCli(['cache', 'list'], { cwd: dir })).stdout.split('\n');
    expect(rows[0]).to.match(/^\s*tree\s+change\s+job\s+result/);
    expect(
      rows.filter((row) => /^\s*[0-9a-f]{12}\s+add-farewell\s+uses-deps\s+SUCCESS\s/.test(row)),
    ).to.have.length(1);

    const table = await runCli(['cache'], { cwd: dir });
    const line = table.stdout.split('\n').find((l) => l.trim().startsWith('workspaces'))!;
    expect(line).to.match(
      /workspaces\s+2\s+6\d\d kB\s+\d{4}-\d\d-\d\dT[\d:]+Z\s+\.git\/specgate\/cache\/prepare$/,
    );
    expect(table.stdout).to.match(/under \.git\/specgate/);
  });

  it('prune --max-size removes the least recently used first and keeps the newest', async () => {
    const [older, newer] = workspacesOf(dir);
    age(older, LONG_AGO);
    age(newer, new Date(LONG_AGO.getTime() + 60_000));
    const listed = JSON.parse((await runCli(['cache', '--json'], { cwd: dir })).stdout) as {
      caches: CacheSummary[];
    };
    const files = listed.caches.filter((c) => c.kind !== 'results').reduce((sum, c) => sum + c.bytes, 0);
    const run = await runCli(['cache', 'prune', '--max-size', String(files - 1), '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const pruned = JSON.parse(run.stdout) as RemovedCacheEntries;
    expect(pruned.removed.map((e) => e.path)).to.deep.equal([older]);
    expect(pruned.leftBytes).to.be.at.most(files - 1);
    expect(workspacesOf(dir)).to.deep.equal([newer]);
    expect(logsOf(dir)).to.have.length(1);
  });

  it('prune --older-than removes what was not used for that long, and nothing else', async () => {
    const [log] = logsOf(dir);
    age(log, LONG_AGO);
    const run = await runCli(['cache', 'prune', '--older-than', '30d'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^removed logs .* \(\d+(\.\d)? kB, last used 2020-01-01T00:00:00\.000Z\)$/m);
    expect(logsOf(dir)).to.deep.equal([]);
    expect(workspacesOf(dir)).to.have.length(2);
  });

  it('cache clear keeps its meaning (results only); --workspaces and --logs empty those, --all everything', async () => {
    const notes = () => git(dir, 'notes', '--ref', 'specgate', 'list').trim();
    const plain = await runCli(['cache', 'clear'], { cwd: dir });
    expect(plain.status, plain.stderr).to.equal(0);
    expect(notes()).to.equal('');
    expect(workspacesOf(dir)).to.have.length(2);
    expect(logsOf(dir)).to.have.length(1);

    const some = await runCli(['cache', 'clear', '--workspaces', '--logs'], { cwd: dir });
    expect(some.status, some.stderr).to.equal(0);
    expect(some.stdout).to.match(/^Removed 3 entries, \d+ kB; [\d.]+ k?B left under \.git\/specgate\.$/m);
    expect(workspacesOf(dir)).to.deep.equal([]);
    expect(logsOf(dir)).to.deep.equal([]);
    const merges = path.join(dir, '.git', 'specgate', 'cache', 'merges');
    expect(fs.existsSync(merges)).to.equal(true);

    const again = await runCli(['gate', 'add-farewell', '--config', config], { cwd: dir });
    expect(again.status, again.stderr).to.equal(0);
    const all = await runCli(['cache', 'clear', '--all', '--json'], { cwd: dir });
    expect(all.status, all.stderr).to.equal(0);
    expect(notes()).to.equal('');
    expect(fs.existsSync(merges)).to.equal(false);
    expect(workspacesOf(dir)).to.deep.equal([]);

    const mixed = await runCli(['cache', 'clear', 'add-farewell', '--logs'], { cwd: dir });
    expect(mixed.status).to.equal(2);
    expect(mixed.stderr.trim().split('\n')).to.have.length(1);
  });

  it('refuses a bad size or duration with one line naming the flag or key (exit 2)', async () => {
    for (const args of [
      ['cache', 'prune', '--max-size', 'lots'],
      ['cache', 'prune', '--older-than', '30'],
      ['cache', 'prune'],
    ]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.status, args.join(' ')).to.equal(2);
      expect(run.stderr.trim().split('\n'), run.stderr).to.have.length(1);
    }
    const bad = await runCli(['cache', 'prune', '--max-size', 'lots'], { cwd: dir });
    expect(bad.stderr).to.contain("--max-size: 'lots' is not a size");
    const badConfig = configFile(`${PREPARE}cache:\n  max-size: lots\n`);
    const gate = await runCli(['gate', 'add-farewell', '--config', badConfig], { cwd: dir });
    expect(gate.status).to.equal(2);
    expect(gate.stderr).to.contain('cache.max-size');
    expect(workspacesOf(dir)).to.have.length(2);
  });

  it('keeps cache.max-size after a run, oldest first, never what the run used', async () => {
    for (const entry of [...workspacesOf(dir), ...logsOf(dir)]) age(entry, LONG_AGO);
    const before = workspacesOf(dir);
    const bounded = configFile(`${PREPARE}cache:\n  max-size: 1kB\n`);
    // --no-cache: the job runs again, so its workspace is placed from the preparation cache.
    const run = await runCli(['gate', 'add-farewell', '--no-cache', '--config', bounded], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    // add-farewell leaves greet.sh alone: it used the key of main's greet.sh, which stays; shout-greeting's goes.
    const left = workspacesOf(dir);
    expect(left).to.have.length(1);
    expect(before).to.include(left[0]);
    const copies = (fs.readdirSync(left[0], { recursive: true }) as string[]).filter(
      (name) => path.basename(name) === 'greet.sh',
    );
    expect(copies).to.not.deep.equal([]);
    for (const copy of copies)
      expect(fs.readFileSync(path.join(left[0], copy), 'utf8')).to.not.contain('tr ');
    // The old run's logs are gone; this run's stay.
    expect(logsOf(dir)).to.have.length(1);
    expect(fs.statSync(logsOf(dir)[0]).mtimeMs).to.be.above(LONG_AGO.getTime());
  });
});
