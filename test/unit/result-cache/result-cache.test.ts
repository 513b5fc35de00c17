import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { JobOutcome, JobResult, RecordedRun } from '../../../src/core/types.js';
import type { NoteEntry } from '../../../src/result-cache/parse-cache-line.js';
import { parseCacheNote } from '../../../src/result-cache/parse-cache-note.js';
import { writeCacheNote } from '../../../src/result-cache/write-cache-note.js';
import {
  createResultCache,
  type CacheEntry,
  type NoteStore,
} from '../../../src/result-cache/create-result-cache.js';
import { cleanup, tempDir } from '../jobs/job-fixtures.js';

const run = (result: RecordedRun['result'], at: string, fields: Partial<RecordedRun> = {}): RecordedRun => ({
  result,
  attempts: 1,
  durationMs: 120,
  at,
  ...fields,
});
const entry = (job: string, key: string, r: RecordedRun): NoteEntry => ({ job, key, run: r });

/** A note store in memory that records what is asked of it. */
function memoryStore(initial: Record<string, string> = {}) {
  const notes = new Map(Object.entries(initial));
  const reads: string[] = [];
  const writes: Array<Map<string, (old: string | undefined) => string>> = [];
  const store: NoteStore = {
    async read(tree) {
      reads.push(tree);
      return notes.get(tree);
    },
    async write(edits) {
      writes.push(edits);
      for (const [tree, edit] of edits) notes.set(tree, edit(notes.get(tree)));
    },
  };
  return { store, notes, reads, writes };
}

const outcome = (name: string, result: JobResult, fields: Partial<JobOutcome> = {}): JobOutcome => ({
  name,
  result,
  voting: true,
  attempts: 1,
  cached: false,
  durationMs: 250,
  ...fields,
});
const NOW = new Date('2024-05-01T12:00:00.000Z');
const sortEntries = (entries: CacheEntry[]) =>
  [...entries].sort((a, b) => `${a.tree} ${a.key}`.localeCompare(`${b.tree} ${b.key}`));

describe('result cache', function () {
  after(cleanup);

  describe('cache notes', function () {
    const full = entry('unit', 'key-unit', {
      result: 'FAILURE',
      attempts: 2,
      durationMs: 4321,
      at: '2024-05-01T10:00:00.000Z',
      message: 'exited with status 1',
      childJobs: ['report'],
      data: { coverage: 81.5, nested: { a: [1, 2] } },
      logTail: 'line 1\nline 2\n',
    });
    const plain = entry('build', 'key-build', run('SUCCESS', '2024-05-01T09:00:00.000Z'));

    it('reads back what it wrote, every field included', function () {
      const note = writeCacheNote(undefined, [full, plain]);
      expect(Object.fromEntries(parseCacheNote(note))).to.deep.equal({
        'key-build': plain,
        'key-unit': full,
      });
    });

    it('writes one JSON line per entry, sorted, the same whatever the order of the entries', function () {
      const note = writeCacheNote(undefined, [full, plain]);
      expect(writeCacheNote(undefined, [plain, full])).to.equal(note);
      expect(note.endsWith('\n')).to.equal(true);
      const lines = note.slice(0, -1).split('\n');
      expect(lines).to.have.length(2);
      expect(lines).to.deep.equal([...lines].sort());
      expect(JSON.parse(lines[0])).to.deep.equal({
        job: 'build',
        key: 'key-build',
        result: 'SUCCESS',
        attempts: 1,
        durationMs: 120,
        at: '2024-05-01T09:00:00.000Z',
      });
    });

    it('keeps lines it does not understand, and other keys, when it writes', function () {
      const foreign =
        '{"job":"x","key":"from-the-future","result":"FLAKY","attempts":1,"durationMs":1,"at":"2030-01-01"}';
      const old = `# written by hand\n${foreign}\nnot json at all\n{broken\n${writeCacheNote(undefined, [plain])}`;
      const note = writeCacheNote(old, [full]);
      const lines = note.trimEnd().split('\n');
      expect(lines).to.include('# written by hand');
      expect(lines).to.include(foreign);
      expect(lines).to.include('not json at all');
      expect(lines).to.include('{broken');
      expect(lines).to.have.length(6);
      expect(lines).to.deep.equal([...lines].sort());
      // Reading ignores them.
      expect([...parseCacheNote(note).keys()].sort()).to.deep.equal(['key-build', 'key-unit']);
    });

    it('replaces the old line of a key written again', function () {
      const newer = entry('unit', 'key-unit', run('SUCCESS', '2024-05-02T10:00:00.000Z'));
      const note = writeCacheNote(writeCacheNote(undefined, [full, plain]), [newer]);
      const lines = note.trimEnd().split('\n');
      expect(lines).to.have.length(2);
      expect(lines.filter((line) => line.includes('key-unit'))).to.have.length(1);
      expect(parseCacheNote(note).get('key-unit')).to.deep.equal(newer);
      expect(parseCacheNote(note).get('key-build')).to.deep.equal(plain);
    });

    it('answers with the latest run when one key has several lines (a cat_sort_uniq merge)', function () {
      const older = entry('unit', 'key-unit', run('FAILURE', '2024-05-01T10:00:00.000Z'));
      const newer = entry('unit', 'key-unit', run('SUCCESS', '2024-05-01T11:00:00.000Z', { attempts: 3 }));
      const lines = [
        JSON.stringify({ job: 'unit', key: 'key-unit', ...older.run }),
        JSON.stringify({ job: 'unit', key: 'key-unit', ...newer.run }),
      ];
      expect(parseCacheNote(lines.join('\n')).get('key-unit')).to.deep.equal(newer);
      expect(parseCacheNote([...lines].reverse().join('\n')).get('key-unit')).to.deep.equal(newer);
      expect(parseCacheNote([...lines].sort().join('\n')).get('key-unit')).to.deep.equal(newer);
    });

    it('leaves out lines that are not valid entries', function () {
      const valid = {
        job: 'unit',
        key: 'k',
        result: 'SUCCESS',
        attempts: 1,
        durationMs: 1,
        at: '2024-01-01T00:00:00.000Z',
      };
      const text = [
        JSON.stringify({ ...valid, key: 'timed-out', result: 'TIMED_OUT' }),
        JSON.stringify({ ...valid, key: 'no-attempts', attempts: 'one' }),
        JSON.stringify({ ...valid, key: 'no-at', at: undefined }),
        JSON.stringify({ ...valid, key: 7 }),
        '',
        'garbage',
        JSON.stringify(valid),
      ].join('\n');
      expect([...parseCacheNote(text).keys()]).to.deep.equal(['k']);
      expect(parseCacheNote('').size).to.equal(0);
    });
  });

  describe('createResultCache', function () {
    /** A lookup the store may answer for every job asked. */
    const lookup = (cache: ReturnType<typeof createResultCache>, tree: string, keys: Map<string, string>) =>
      cache.lookup(tree, keys, new Set(keys.keys()));

    it('asks the store only for the jobs it may answer, and never keeps a job that may not be cached', async function () {
      const { store, writes } = memoryStore({
        'tree-1': writeCacheNote(undefined, [
          entry('deploy', 'key-deploy', run('SUCCESS', '2024-04-01T00:00:00.000Z')),
        ]),
      });
      const cache = createResultCache({ store, readStore: true, now: () => NOW });
      expect((await cache.lookup('tree-1', new Map([['deploy', 'key-deploy']]), new Set())).size).to.equal(0);
      cache.record({
        tree: 'tree-1',
        key: 'key-smoke',
        outcome: outcome('smoke', 'SUCCESS'),
        cacheable: false,
      });
      expect((await lookup(cache, 'tree-1', new Map([['smoke', 'key-smoke']]))).size).to.equal(0);
      expect((await cache.known()).map((e) => [e.job, e.transient])).to.deep.equal([['smoke', true]]);
      expect(await cache.flush()).to.equal(0);
      expect(writes).to.have.length(0);
    });

    it("serves transient results given to the run (a shard's timeout) without ever writing them", async function () {
      const { store, writes } = memoryStore();
      const given: CacheEntry = {
        tree: 't',
        job: 'slow',
        key: 'key-slow',
        run: run('TIMED_OUT', '2024-04-02T00:00:00.000Z'),
        transient: true,
      };
      const cache = createResultCache({ store, readStore: true, given: [given] });
      expect((await cache.lookup('t', new Map([['slow', 'key-slow']]), new Set())).get('slow')).to.deep.equal(
        given.run,
      );
      expect(await cache.flush()).to.equal(0);
      expect(writes).to.have.length(0);
    });

    const stored = entry(
      'unit',
      'key-unit',
      run('SUCCESS', '2024-04-01T00:00:00.000Z', { childJobs: ['report'] }),
    );

    it('finds what the store holds for the tree and the keys asked for', async function () {
      const { store, reads } = memoryStore({ 'tree-1': writeCacheNote(undefined, [stored]) });
      const cache = createResultCache({ store, readStore: true });
      const hits = await lookup(
        cache,
        'tree-1',
        new Map([
          ['unit', 'key-unit'],
          ['lint', 'key-lint'],
        ]),
      );
      expect([...hits]).to.deep.equal([['unit', stored.run]]);
      expect((await lookup(cache, 'tree-2', new Map([['unit', 'key-unit']]))).size).to.equal(0);
      // A key that changed finds nothing.
      expect((await lookup(cache, 'tree-1', new Map([['unit', 'key-unit-2']]))).size).to.equal(0);
      expect(reads).to.include('tree-1').and.include('tree-2');
    });

    it('ignores the store with readStore false, but finds given results and its own records', async function () {
      const { store, reads } = memoryStore({ 'tree-1': writeCacheNote(undefined, [stored]) });
      const given: CacheEntry = {
        tree: 'tree-1',
        job: 'lint',
        key: 'key-lint',
        run: run('FAILURE', '2024-04-02T00:00:00.000Z'),
      };
      const cache = createResultCache({ store, readStore: false, given: [given], now: () => NOW });
      cache.record({
        tree: 'tree-1',
        key: 'key-build',
        outcome: outcome('build', 'SUCCESS'),
        cacheable: true,
      });
      const hits = await lookup(
        cache,
        'tree-1',
        new Map([
          ['unit', 'key-unit'],
          ['lint', 'key-lint'],
          ['build', 'key-build'],
        ]),
      );
      expect(Object.fromEntries(hits)).to.deep.equal({
        lint: given.run,
        build: { result: 'SUCCESS', attempts: 1, durationMs: 250, at: NOW.toISOString() },
      });
      expect(reads).to.deep.equal([]);
    });

    it('records SUCCESS, FAILURE and RETRY_LIMIT, and nothing else', async function () {
      const { store } = memoryStore();
      const cache = createResultCache({ store, readStore: true, now: () => NOW });
      const results: JobResult[] = [
        'SUCCESS',
        'FAILURE',
        'RETRY_LIMIT',
        'TIMED_OUT',
        'ABORTED',
        'ERROR',
        'SKIPPED',
      ];
      for (const result of results)
        cache.record({
          tree: 'tree-1',
          key: `key-${result}`,
          outcome: outcome(result.toLowerCase(), result, { message: `it was ${result}` }),
          cacheable: true,
        });
      const hits = await lookup(
        cache,
        'tree-1',
        new Map(results.map((result) => [result.toLowerCase(), `key-${result}`])),
      );
      expect([...hits.keys()].sort()).to.deep.equal(['failure', 'retry_limit', 'success']);
      expect(hits.get('retry_limit')).to.deep.equal({
        result: 'RETRY_LIMIT',
        attempts: 1,
        durationMs: 250,
        at: NOW.toISOString(),
        message: 'it was RETRY_LIMIT',
      });
      // A timeout and a job that could not start are listed for a shard's partial, as transient, and never kept.
      const known = await cache.known();
      expect(
        known
          .filter((e) => !e.transient)
          .map((e) => e.job)
          .sort(),
      ).to.deep.equal(['failure', 'retry_limit', 'success']);
      expect(
        known
          .filter((e) => e.transient)
          .map((e) => e.job)
          .sort(),
      ).to.deep.equal(['error', 'timed_out']);
      expect(await cache.flush()).to.equal(3);
    });

    it('never keeps nor serves a command not found (exit 127): the next run, with the tool installed, runs it', async function () {
      const notFound = { message: 'exited with status 127' };
      const { store, writes } = memoryStore({
        // As an older specgate kept it.
        'tree-1': writeCacheNote(undefined, [
          entry('lint', 'key-lint', run('FAILURE', '2024-04-01T00:00:00.000Z', notFound)),
        ]),
      });
      const cache = createResultCache({ store, readStore: true, now: () => NOW });
      expect((await lookup(cache, 'tree-1', new Map([['lint', 'key-lint']]))).size).to.equal(0);
      cache.record({
        tree: 'tree-2',
        key: 'key-lint',
        outcome: outcome('lint', 'FAILURE', notFound),
        cacheable: true,
      });
      cache.record({
        tree: 'tree-2',
        key: 'key-test',
        outcome: outcome('test', 'RETRY_LIMIT', { message: 'failed 2 times, last: exited with status 127' }),
        cacheable: true,
      });
      cache.record({
        tree: 'tree-2',
        key: 'key-unit',
        outcome: outcome('unit', 'FAILURE', { message: 'exited with status 1' }),
        cacheable: true,
      });
      const hits = await lookup(
        cache,
        'tree-2',
        new Map([
          ['lint', 'key-lint'],
          ['test', 'key-test'],
          ['unit', 'key-unit'],
        ]),
      );
      expect([...hits.keys()]).to.deep.equal(['unit']);
      expect(
        (await cache.known())
          .filter((e) => e.transient)
          .map((e) => e.job)
          .sort(),
      ).to.deep.equal(['lint', 'test']);
      expect(await cache.flush()).to.equal(1);
      expect([...writes[0].keys()]).to.deep.equal(['tree-2']);
    });

    it('keeps what the return file handed on with the record', async function () {
      const { store } = memoryStore();
      const cache = createResultCache({ store, readStore: true, now: () => NOW });
      cache.record({
        tree: 't',
        key: 'k',
        outcome: outcome('detect', 'SUCCESS'),
        returned: { childJobs: ['node'], data: { version: 20 } },
        cacheable: true,
      });
      const hits = await lookup(cache, 't', new Map([['detect', 'k']]));
      expect(hits.get('detect')).to.deep.equal({
        result: 'SUCCESS',
        attempts: 1,
        durationMs: 250,
        at: NOW.toISOString(),
        childJobs: ['node'],
        data: { version: 20 },
      });
    });

    it("keeps the end of a failed job's log, at most 100 lines, and no log of a success", async function () {
      const dir = await tempDir();
      const log = path.join(dir, 'unit.log');
      // 500 lines of 60 bytes: 30 kB, more than the tail reads.
      const lines = Array.from({ length: 500 }, (_, i) =>
        `line ${String(i + 1).padStart(3, '0')} `.padEnd(59, 'x'),
      );
      await writeFile(log, `${lines.join('\n')}\n`);
      const { store } = memoryStore();
      const cache = createResultCache({ store, readStore: true, now: () => NOW });
      cache.record({
        tree: 't',
        key: 'k-unit',
        outcome: outcome('unit', 'FAILURE', { log }),
        cacheable: true,
      });
      cache.record({ tree: 't', key: 'k-ok', outcome: outcome('ok', 'SUCCESS', { log }), cacheable: true });
      const known = await cache.known();
      const tail = known.find((e) => e.job === 'unit')!.run.logTail!;
      expect(tail).to.be.a('string');
      const tailLines = tail.split('\n').filter((line) => line !== '');
      expect(tailLines.length).to.be.at.least(1).and.at.most(100);
      expect(tailLines.at(-1)).to.equal(lines[499]);
      expect(tailLines).to.deep.equal(lines.slice(500 - tailLines.length));
      expect(tailLines).to.have.length(100);
      expect(known.find((e) => e.job === 'ok')!.run.logTail).to.equal(undefined);
      // The tail goes into the note.
      await cache.flush();
      expect(parseCacheNote((await store.read('t'))!).get('k-unit')!.run.logTail).to.equal(tail);
    });

    it('keeps the whole log of a failure when it is short', async function () {
      const dir = await tempDir();
      const log = path.join(dir, 'short.log');
      await writeFile(log, 'compiling\nerror: boom\n');
      const cache = createResultCache({ store: memoryStore().store, readStore: true, now: () => NOW });
      cache.record({ tree: 't', key: 'k', outcome: outcome('short', 'FAILURE', { log }), cacheable: true });
      expect((await cache.known())[0].run.logTail).to.equal('compiling\nerror: boom\n');
    });

    it('keeps at most 100 lines of a log that does not end with a newline', async function () {
      const dir = await tempDir();
      const log = path.join(dir, 'no-newline.log');
      const lines = Array.from({ length: 500 }, (_, i) => `line ${i + 1}`);
      await writeFile(log, lines.join('\n'));
      const cache = createResultCache({ store: memoryStore().store, readStore: true, now: () => NOW });
      cache.record({ tree: 't', key: 'k', outcome: outcome('unit', 'FAILURE', { log }), cacheable: true });
      const tail = (await cache.known())[0].run.logTail!;
      expect(tail.split('\n')).to.deep.equal(lines.slice(400));
    });

    it('writes every new record in one store update per flush, merged into the notes already there', async function () {
      const { store, notes, writes } = memoryStore({ 'tree-1': writeCacheNote(undefined, [stored]) });
      const cache = createResultCache({ store, readStore: true, now: () => NOW });
      cache.record({ tree: 'tree-1', key: 'key-lint', outcome: outcome('lint', 'SUCCESS'), cacheable: true });
      cache.record({ tree: 'tree-2', key: 'key-lint', outcome: outcome('lint', 'SUCCESS'), cacheable: true });
      cache.record({
        tree: 'tree-2',
        key: 'key-build',
        outcome: outcome('build', 'FAILURE', { message: 'exited with status 2' }),
        cacheable: true,
      });
      expect(await cache.flush()).to.equal(3);
      expect(writes).to.have.length(1);
      expect([...writes[0].keys()].sort()).to.deep.equal(['tree-1', 'tree-2']);
      expect([...parseCacheNote(notes.get('tree-1')!).keys()].sort()).to.deep.equal(['key-lint', 'key-unit']);
      expect(parseCacheNote(notes.get('tree-2')!).get('key-build')).to.deep.equal(
        entry('build', 'key-build', {
          result: 'FAILURE',
          attempts: 1,
          durationMs: 250,
          at: NOW.toISOString(),
          message: 'exited with status 2',
        }),
      );

      // Nothing new: nothing written.
      expect(await cache.flush()).to.equal(0);
      expect(writes).to.have.length(1);

      cache.record({ tree: 'tree-3', key: 'key-unit', outcome: outcome('unit', 'SUCCESS'), cacheable: true });
      expect(await cache.flush()).to.equal(1);
      expect(writes).to.have.length(2);
      expect([...writes[1].keys()]).to.deep.equal(['tree-3']);
      expect([...parseCacheNote(notes.get('tree-2')!).keys()].sort()).to.deep.equal([
        'key-build',
        'key-lint',
      ]);
    });

    it('applies its edit to the text the store hands it, so another writer’s lines survive', async function () {
      const { store, writes } = memoryStore();
      const cache = createResultCache({ store, readStore: true, now: () => NOW });
      cache.record({ tree: 'tree-1', key: 'key-lint', outcome: outcome('lint', 'SUCCESS'), cacheable: true });
      await cache.flush();
      const edit = writes[0].get('tree-1')!;
      const raced = edit(writeCacheNote(undefined, [stored]));
      expect([...parseCacheNote(raced).keys()].sort()).to.deep.equal(['key-lint', 'key-unit']);
    });

    it('knows records, given results and store hits found by lookups, each tree and key once', async function () {
      const { store } = memoryStore({
        'tree-1': writeCacheNote(undefined, [
          stored,
          entry('lint', 'key-lint', run('SUCCESS', '2024-04-01T00:00:00.000Z')),
        ]),
      });
      const given: CacheEntry = {
        tree: 'tree-2',
        job: 'unit',
        key: 'key-unit',
        run: run('SUCCESS', '2024-04-03T00:00:00.000Z'),
      };
      const cache = createResultCache({ store, readStore: true, given: [given], now: () => NOW });
      await lookup(cache, 'tree-1', new Map([['unit', 'key-unit']]));
      await lookup(cache, 'tree-1', new Map([['unit', 'key-unit']]));
      await lookup(cache, 'tree-2', new Map([['unit', 'key-unit']]));
      cache.record({
        tree: 'tree-3',
        key: 'key-build',
        outcome: outcome('build', 'SUCCESS'),
        cacheable: true,
      });
      cache.record({
        tree: 'tree-3',
        key: 'key-build',
        outcome: outcome('build', 'SUCCESS', { durationMs: 999 }),
        cacheable: true,
      });
      const known = sortEntries(await cache.known());
      expect(known).to.deep.equal([
        { tree: 'tree-1', job: 'unit', key: 'key-unit', run: stored.run },
        given,
        {
          tree: 'tree-3',
          job: 'build',
          key: 'key-build',
          run: { result: 'SUCCESS', attempts: 1, durationMs: 999, at: NOW.toISOString() },
        },
      ]);
    });
  });
});
