import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { BIN, runCli } from '../helpers/run-cli.js';

const QUEUE = ['add-farewell', 'shout-greeting', 'reword-usage', 'shout-docs', 'farewell-polite'];

/**
 * Runs the binary with `stream`'s pipe closed by its reader as soon as the first bytes arrive, as
 * `specgate gate … 2>&1 | head -1` does; the other stream is kept. Resolves with the exit status and what
 * the kept stream got.
 */
function runWithClosedPipe(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; closed: 'stdout' | 'stderr' },
): Promise<{ status: number | null; kept: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closing = options.closed === 'stdout' ? child.stdout : child.stderr;
    const kept = options.closed === 'stdout' ? child.stderr : child.stdout;
    closing.once('data', () => closing.destroy());
    let text = '';
    kept.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, kept: text }));
  });
}

describe('a closed output pipe (… 2>&1 | head -1) changes nothing but the output', function () {
  this.timeout(120_000);

  for (const closed of ['stderr', 'stdout'] as const) {
    it(`closed ${closed}: the verdict's exit status, no crash file, no temporary directory left`, async () => {
      const { dir } = await fixtureRepo('demo');
      const tmp = scratchDir('specgate-closed-pipe-tmp-');
      // --json puts the verdict on stdout and progress on stderr: both streams carry bytes to close.
      const run = await runWithClosedPipe(['gate', ...QUEUE, '--no-cache', '--json'], {
        cwd: dir,
        env: { ...process.env, CI: 'true', TMPDIR: tmp },
        closed,
      });
      expect(run.status, run.kept).to.equal(1); // shout-greeting is rejected, as with open pipes
      const crashes = fs.readdirSync(path.join(dir, '.git', 'specgate')).filter((f) => f.startsWith('crash'));
      expect(crashes).to.deep.equal([]);
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
      if (closed === 'stderr') {
        // The same verdict as a run whose pipes stay open, in a fresh copy of the same queue.
        const open = await runCli(['gate', ...QUEUE, '--no-cache', '--json'], {
          cwd: (await fixtureRepo('demo')).dir,
          env: { CI: 'true' },
        });
        const results = (text: string) =>
          (JSON.parse(text) as { changes: Array<{ id: string; result: string }> }).changes.map(
            (c) => `${c.id}:${c.result}`,
          );
        expect(results(run.kept)).to.deep.equal(results(open.stdout));
      }
    });
  }
});
