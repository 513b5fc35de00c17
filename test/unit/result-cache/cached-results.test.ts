import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { UserError } from '../../../src/errors/specgate-error.js';
import { readCachedResults } from '../../../src/result-cache/read-cached-results.js';
import { gitNotesAccess as notesOf } from '../../../src/result-cache/git-notes-access.js';
import { removeCachedResults } from '../../../src/result-cache/remove-cached-results.js';
import { contextFor, expectFsckClean, git, gitNotes, newRepository, REF } from '../git/notes/notes-repo.js';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** One line of a result-cache note, as specgate writes it. */
const line = (job: string, key: string, at: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ job, key, result: 'SUCCESS', attempts: 1, durationMs: 5, at, ...extra });

/** A repository whose first two objects carry result-cache notes written by native git. */
function repositoryWithNotes() {
  const { dir, blobs } = newRepository(3);
  const [older, newer] = blobs;
  const notes = {
    [older]: [line('lint', 'k1', '2026-01-01T00:00:00.000Z'), 'a line written by hand'],
    [newer]: [
      line('unit', 'k2', '2026-01-02T00:00:00.000Z', { logTail: 'tail\n', childJobs: [], data: { a: 1 } }),
      line('build', 'k3', '2026-01-02T00:00:00.000Z'),
    ],
  };
  for (const [object, lines] of Object.entries(notes)) {
    git(dir, ['notes', '--ref', 'specgate', 'add', '-F', '-', object], `${lines.join('\n')}\n`);
  }
  return { dir, ctx: contextFor(dir), older, newer, unannotated: blobs[2] };
}

describe('the result cache on git notes (readCachedResults, removeCachedResults)', () => {
  it('reads every entry newest first, then by tree and job, without log tail, child jobs, data', async () => {
    const { ctx, older, newer } = repositoryWithNotes();
    const run = { result: 'SUCCESS', attempts: 1, durationMs: 5 };
    expect(await readCachedResults({ notes: notesOf(ctx) })).to.deep.equal([
      { tree: newer, job: 'build', key: 'k3', ...run, at: '2026-01-02T00:00:00.000Z' },
      { tree: newer, job: 'unit', key: 'k2', ...run, at: '2026-01-02T00:00:00.000Z' },
      { tree: older, job: 'lint', key: 'k1', ...run, at: '2026-01-01T00:00:00.000Z' },
    ]);
    const onOlder = await readCachedResults({ notes: notesOf(ctx), trees: new Set([older]) });
    expect(onOlder.map((entry) => entry.job)).to.deep.equal(['lint']);
  });

  it('reads nothing, and writes nothing, where there is no notes ref', async () => {
    const { dir } = newRepository(1);
    expect(await readCachedResults({ notes: notesOf(contextFor(dir)) })).to.deep.equal([]);
    expect(fs.existsSync(path.join(dir, '.git', REF))).to.equal(false);
  });

  it('removes the notes of the trees given, counting their entries, and keeps the others', async () => {
    const { dir, ctx, older, newer, unannotated } = repositoryWithNotes();
    const removed = await removeCachedResults({ notes: notesOf(ctx), trees: new Set([newer, unannotated]) });
    expect(removed).to.deep.equal({ results: 2, trees: 1 });
    expect([...gitNotes(dir).keys()]).to.deep.equal([older]);
    const [latest] = git(dir, ['log', '--format=%s', REF]).trim().split('\n');
    expect(latest).to.equal("Notes removed by 'specgate cache clear'");
    expectFsckClean(dir);
  });

  it('clears every note: a commit without history, no reflog, so that gc can drop them', async () => {
    const { dir, ctx } = repositoryWithNotes();
    // git logs updates of refs/notes/ (core.logAllRefUpdates): the reflog keeps the old notes reachable.
    expect(fs.existsSync(path.join(dir, '.git', 'logs', REF))).to.equal(true);
    expect(await removeCachedResults({ notes: notesOf(ctx) })).to.deep.equal({ results: 3, trees: 2 });
    expect(gitNotes(dir).size).to.equal(0);
    const history = git(dir, ['log', '--format=%P|%T|%s', REF]).trim();
    expect(history).to.equal(`|${EMPTY_TREE}|Notes cleared by 'specgate cache clear'`);
    expect(fs.existsSync(path.join(dir, '.git', 'logs', REF))).to.equal(false);
  });

  it('turns a damaged notes ref into a user error naming it (BAD_NOTES)', async () => {
    const { dir, ctx, older } = repositoryWithNotes();
    fs.writeFileSync(path.join(dir, '.git', REF), `${older}\n`);
    for (const attempt of [
      readCachedResults({ notes: notesOf(ctx) }),
      removeCachedResults({ notes: notesOf(ctx) }),
    ]) {
      const error = await attempt.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).to.be.instanceOf(UserError).with.property('code', 'BAD_NOTES');
      expect((error as Error).message).to.match(/^refs\/notes\/specgate: .*not a commit/);
    }
  });
});
