import { PassThrough } from 'node:stream';

import { expect } from 'chai';

import type { ChangeVerdict, JobOutcome, QueuedChange } from '../../../src/core/types.js';
import { createProgress, type Progress, type ProgressStream } from '../../../src/report/create-progress.js';

/** A writable that records what was written; `isTTY` is left undefined, like a pipe. */
function capture(extra: Partial<ProgressStream> = {}): { stream: ProgressStream; text: () => string } {
  const stream = Object.assign(new PassThrough(), extra);
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}

const target = { ref: 'main', sha: '0123456789abcdef0123456789abcdef01234567' };
const queue: QueuedChange[] = [
  { id: 'lib', sha: 'a'.repeat(40), dependsOn: [], pulledIn: true },
  { id: 'feature-a', sha: 'b'.repeat(40), dependsOn: ['lib'], pulledIn: false },
  { id: 'feature-b', sha: 'c'.repeat(40), dependsOn: [], pulledIn: false },
];

function outcome(name: string, result: JobOutcome['result'], extra: Partial<JobOutcome> = {}): JobOutcome {
  return {
    name,
    result,
    voting: true,
    attempts: 1,
    cached: false,
    durationMs: 1234,
    log: `/logs/${name}.log`,
    ...extra,
  };
}

function verdict(
  id: string,
  result: ChangeVerdict['result'],
  includes: string[],
  message: string,
  jobs: JobOutcome[] = [],
): ChangeVerdict {
  return { id, sha: 'x'.repeat(40), result, dependsOn: [], includes, message, jobs };
}

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `seen()` holds: a renderer draws on its own clock, which a loaded machine slows down. */
async function waitFor(seen: () => boolean, limitMs = 10_000): Promise<void> {
  for (const start = Date.now(); !seen() && Date.now() - start < limitMs;) await tick(10);
}

/**
 * A whole run: a pulled-in dependency passes, a change fails a job, another does not merge. `pause`
 * runs while the jobs are running, and again after the first verdict.
 */
async function playRun(progress: Progress, pause: () => Promise<void> = () => tick(0)): Promise<void> {
  progress.queued?.(queue, target);
  progress.stateStarted?.('lib', ['lib'], {
    checkouts: [{ project: 'repo', sha: '1234567890abcdef1234', dir: '/tmp/s1' }],
  });
  progress.stateStarted?.('feature-a', ['lib', 'feature-a'], {
    checkouts: [{ project: 'repo', sha: '234567890abcdef12345', dir: '/tmp/s2' }],
  });
  progress.jobStarted?.('lib', 'unit', 1, '/logs/lib/unit.log');
  progress.jobStarted?.('feature-a', 'unit', 1, '/logs/a/unit.log');
  await pause();
  progress.jobFinished?.('lib', outcome('unit', 'SUCCESS'));
  progress.jobFinished?.(
    'feature-a',
    outcome('unit', 'FAILURE', { durationMs: 800, log: '/logs/a/unit.log' }),
  );
  progress.jobFinished?.(
    'feature-a',
    outcome('docs', 'SKIPPED', { durationMs: 0, log: undefined, message: 'no file matches' }),
  );
  progress.changeFinished?.(verdict('lib', 'SUCCESS', ['lib'], '1 job passed', [outcome('unit', 'SUCCESS')]));
  await pause();
  progress.changeFinished?.(
    verdict('feature-a', 'FAILURE', ['lib', 'feature-a'], 'job unit failed (FAILURE)', [
      outcome('unit', 'FAILURE', { durationMs: 800, log: '/logs/a/unit.log' }),
    ]),
  );
  progress.changeFinished?.(verdict('feature-b', 'MERGE_CONFLICT', [], 'conflicts with lib in a.txt'));
}

describe('createProgress', () => {
  describe('plain (not a terminal)', () => {
    it('writes one grep-friendly line per event, without ANSI codes', async () => {
      const { stream, text } = capture();
      const progress = await createProgress({ stream });
      await playRun(progress);
      await progress.stop();
      expect(text().split('\n')).to.deep.equal([
        '[lib] queued (dependency) onto main',
        '[feature-a] queued onto main, depends on lib',
        '[feature-b] queued onto main',
        '[lib] testing on main + lib (1234567890ab)',
        '[feature-a] testing on main + lib + feature-a (234567890abc)',
        '[lib] job unit started (log: /logs/lib/unit.log)',
        '[feature-a] job unit started (log: /logs/a/unit.log)',
        '[lib] job unit SUCCESS in 1.2s',
        '[feature-a] job unit FAILURE in 0.8s',
        '[feature-a] job docs SKIPPED: no file matches',
        '[lib] SUCCESS: 1 job passed',
        '[feature-a] FAILURE: job unit failed (FAILURE)',
        '[feature-b] MERGE_CONFLICT: conflicts with lib in a.txt',
        '',
      ]);
      expect(text()).to.not.include('\u001b[');
    });

    it('says which attempt a retried job is on, and marks cached and non-voting jobs', async () => {
      const { stream, text } = capture();
      const progress = await createProgress({ stream, interactive: false });
      progress.jobStarted?.('x', 'unit', 2, '/logs/unit.2.log');
      progress.jobFinished?.('x', outcome('lint', 'SUCCESS', { cached: true, voting: false, durationMs: 0 }));
      await progress.stop();
      expect(text()).to.equal(
        '[x] job unit started, attempt 2 (log: /logs/unit.2.log)\n[x] job lint SUCCESS (cached) (non-voting)\n',
      );
    });

    it('is chosen for a terminal when CI is set', async () => {
      const saved = process.env.CI;
      process.env.CI = 'true';
      try {
        const { stream, text } = capture({ isTTY: true });
        const progress = await createProgress({ stream });
        progress.queued?.(queue.slice(0, 1), target);
        await progress.stop();
        expect(text()).to.equal('[lib] queued (dependency) onto main\n');
      } finally {
        if (saved === undefined) delete process.env.CI;
        else process.env.CI = saved;
      }
    });
  });

  describe('prepare steps', () => {
    const state = { checkouts: [{ project: 'repo', sha: '1234567890abcdef1234', dir: '/tmp/s1' }] };

    it('plain: a line when a step starts (command, cache hit or miss) and one when it ends (result, elapsed)', async () => {
      const { stream, text } = capture();
      const progress = await createProgress({ stream });
      progress.queued?.(queue.slice(1, 2), target);
      progress.stateStarted?.('feature-a', ['lib', 'feature-a'], state);
      progress.prepareStarted?.('feature-a', { run: 'npm ci', index: 0, cached: false });
      progress.prepareFinished?.('feature-a', {
        run: 'npm ci',
        index: 0,
        ok: true,
        cached: false,
        durationMs: 4200,
      });
      progress.prepareStarted?.('feature-a', { run: 'make\n  deps', index: 1, cached: true });
      progress.prepareFinished?.('feature-a', {
        run: 'make\n  deps',
        index: 1,
        ok: false,
        cached: false,
        durationMs: 300,
        log: '/logs/prepare-2.log',
      });
      await progress.stop();
      expect(text().split('\n').slice(2)).to.deep.equal([
        '[feature-a] prepare: npm ci (cache miss) started',
        '[feature-a] prepare: npm ci (cache miss) done in 4.2s',
        '[feature-a] prepare: make deps (cache hit) started',
        '[feature-a] prepare: make deps (cache miss) FAILED in 0.3s (log: /logs/prepare-2.log)',
        '',
      ]);
    });

    it('interactive: a running step is shown under its state with its command and cache note, then its time', async () => {
      const { stream, text } = capture({ columns: 120, rows: 60 });
      const strip = (raw: string): string => raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
      const progress = await createProgress({ stream, interactive: true });
      progress.queued?.(queue.slice(1, 2), target);
      progress.stateStarted?.('feature-a', ['lib', 'feature-a'], state);
      progress.prepareStarted?.('feature-a', { run: 'npm ci', index: 0, cached: false });
      await waitFor(() => /❯ prepare: npm ci \(cache miss\) \d+\.\ds/.test(strip(text())));
      expect(strip(text())).to.match(/❯ prepare: npm ci \(cache miss\) \d+\.\ds/);
      progress.prepareFinished?.('feature-a', {
        run: 'npm ci',
        index: 0,
        ok: true,
        cached: false,
        durationMs: 4200,
      });
      await waitFor(() => strip(text()).includes('✔ prepare: npm ci (cache miss) 4.2s'));
      await progress.stop();
      expect(strip(text())).to.include('✔ prepare: npm ci (cache miss) 4.2s');
    });
  });

  describe('quiet (--json)', () => {
    it('writes nothing at all', async () => {
      const { stream, text } = capture({ isTTY: true });
      const progress = await createProgress({ stream, quiet: true, interactive: true });
      await playRun(progress);
      await progress.stop();
      expect(text()).to.equal('');
    });
  });

  describe('interactive (listr2)', () => {
    // listr2's default renderer, made to draw on the given stream even though it is not a terminal.
    const interactive = (): { stream: ProgressStream; text: () => string } =>
      capture({ columns: 120, rows: 60 });
    const strip = (text: string): string => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    const lastFrame = (text: string): string =>
      strip(text.split(/(?:\u001b\[2K\u001b\[1A)+\u001b\[2K\u001b\[G/).at(-1) ?? '');

    it('runs through a whole sequence and leaves every final result on screen', async () => {
      const { stream, text } = interactive();
      const progress = await createProgress({ stream, interactive: true });
      // The view must have drawn the running job before it ends; then one frame more for the verdict.
      let pauses = 0;
      await playRun(progress, async () => {
        if (pauses++ === 0) await waitFor(() => /❯ unit +running/.test(strip(text())));
        else await tick(150);
      });
      await progress.stop();

      const final = lastFrame(text());
      expect(final).to.match(/✔ lib \(dependency\) {2}SUCCESS {2}on main \+ lib {2}— 1 job passed/);
      expect(final).to.match(
        /✖ feature-a {2}FAILURE {2}on main \+ lib \+ feature-a {2}— job unit failed \(FAILURE\)/,
      );
      expect(final).to.match(/› ✖ unit {2}FAILURE 0\.8s, log: \/logs\/a\/unit\.log/);
      expect(final).to.match(/✖ feature-b {2}MERGE_CONFLICT {2}— conflicts with lib in a\.txt/);
      // A rejected change is a result, not a crash.
      expect(text()).to.not.match(/\n\s+at /);
      // While running, the view showed the state and the job.
      expect(strip(text())).to.include('feature-a  on main + lib + feature-a  234567890abc');
      expect(strip(text())).to.match(/❯ unit +running/);
    });

    it('resolves stop() again and again, and marks changes still undecided as stopped', async () => {
      const { stream, text } = interactive();
      const progress = await createProgress({ stream, interactive: true });
      progress.queued?.(queue, target);
      progress.stateStarted?.('lib', ['lib'], {
        checkouts: [{ project: 'repo', sha: '1234567890abcdef1234', dir: '/tmp/s1' }],
      });
      progress.changeFinished?.(verdict('lib', 'SUCCESS', ['lib'], '1 job passed'));
      await progress.stop();
      await progress.stop();
      const final = lastFrame(text());
      expect(final).to.include('✔ lib (dependency)  SUCCESS');
      expect(final).to.include('feature-a  stopped before a verdict');
      expect(final).to.include('feature-b  stopped before a verdict');
    });

    it('shows the running jobs of a change stopped before its verdict as stopped, not running', async () => {
      const { stream, text } = interactive();
      const progress = await createProgress({ stream, interactive: true });
      progress.queued?.(queue, target);
      progress.stateStarted?.('feature-a', ['lib', 'feature-a'], {
        checkouts: [{ project: 'repo', sha: '1234567890abcdef1234', dir: '/tmp/s1' }],
      });
      progress.jobStarted?.('feature-a', 'unit', 1, '/tmp/unit.log');
      await new Promise((resolve) => setTimeout(resolve, 150));
      await progress.stop();
      const final = lastFrame(text());
      expect(final).to.include('feature-a  stopped before a verdict');
      expect(final).to.match(/unit +stopped/);
      expect(final).not.to.match(/unit +running/);
    });

    it('resolves stop() when nothing was ever queued', async () => {
      const { stream, text } = interactive();
      const progress = await createProgress({ stream, interactive: true });
      await progress.stop();
      expect(text()).to.equal('');
    });

    it('does not colour the view when NO_COLOR is set', async () => {
      const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
      process.env.NO_COLOR = '1';
      delete process.env.FORCE_COLOR;
      try {
        const { stream, text } = capture({ columns: 120, rows: 60, isTTY: true });
        const progress = await createProgress({ stream, interactive: true });
        await playRun(progress);
        await progress.stop();
        expect(text()).to.include('MERGE_CONFLICT');
        expect(text()).to.not.match(/\u001b\[[0-9;]*m/);
      } finally {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    });
  });
});
