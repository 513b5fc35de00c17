import fs from 'node:fs';
import path from 'node:path';
import { openGitContext } from '../../src/git/open-git-context.js';
import { materializeState } from '../../src/git/checkout/materialize-state.js';
import { updateState } from '../../src/git/checkout/update-state.js';
import { runGit } from './run-git.js';

/** Medians, in milliseconds, of moving a state directory between two trees of 5,000 files 20 apart. */
export interface UpdateStateFigures {
  files: number;
  runs: number;
  /** updateState from A to B (15 files written, 5 removed). */
  forwardMs: number;
  /** updateState from B back to A. */
  backMs: number;
  /** updateState to the commit the directory already holds. */
  noopMs: number;
  /** materializeState of B into a fresh directory: what updating saves. */
  freshMs: number;
  errors: string[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Measures updateState on a repository of 5,000 files in 10 packages (built under `scratch` with native
 * git): commit B changes 10 of A's files, deletes 5 and adds 5. Each round updates a state directory
 * A→B, B→B (no change) and B→A, and checks out B afresh, in this process, after one warming checkout.
 * Moved out of the unit suite, which checks the results (test/unit/git/update-state.test.ts).
 */
export async function measureUpdateState(args: {
  scratch: string;
  runs: number;
}): Promise<UpdateStateFigures> {
  const files = 5000;
  const repo = path.join(args.scratch, 'update-state-repo');
  fs.mkdirSync(repo, { recursive: true });
  runGit(repo, ['init', '-q', '-b', 'main']);
  const names = Array.from(
    { length: files },
    (_, i) => `pkg${i % 10}/mod${Math.floor(i / 100)}/sub${i % 3}/file${i}.ts`,
  );
  names.forEach((name, i) => {
    fs.mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    fs.writeFileSync(path.join(repo, name), `export const v${i} = ${i};\n`.repeat(8));
  });
  runGit(repo, ['add', '-A']);
  runGit(repo, ['commit', '-q', '-m', 'A']);
  for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(repo, names[i * 487]), `changed ${i}\n`);
  for (let i = 0; i < 5; i++) fs.rmSync(path.join(repo, names[i * 997 + 3]));
  for (let i = 0; i < 5; i++) {
    fs.mkdirSync(path.join(repo, `pkg${i}`, 'added'), { recursive: true });
    fs.writeFileSync(path.join(repo, `pkg${i}`, 'added', `new${i}.ts`), `new ${i}\n`);
  }
  runGit(repo, ['add', '-A']);
  runGit(repo, ['commit', '-q', '-m', 'B']);
  const [a, b] = ['HEAD~1', 'HEAD'].map((rev) => runGit(repo, ['rev-parse', rev]).stdout.trim());
  const gitdir = path.join(repo, '.git');
  const ctx = openGitContext({ fs, dir: repo, gitdir, objectsDir: path.join(gitdir, 'objects') });

  const errors: string[] = [];
  const samples = {
    forward: [] as number[],
    back: [] as number[],
    noop: [] as number[],
    fresh: [] as number[],
  };
  const dir = path.join(args.scratch, 'update-state-dir');
  await materializeState({ ctx, commitOid: a, dir }); // also warms the caches
  for (let run = 0; run < args.runs; run++) {
    let result = { written: 0, removed: 0 };
    samples.forward.push(await time(async () => (result = await updateState({ ctx, dir, commitOid: b }))));
    if (result.written !== 15 || result.removed !== 5) {
      errors.push(
        `updateState A→B wrote ${result.written} and removed ${result.removed} files, not 15 and 5`,
      );
    }
    samples.noop.push(await time(() => updateState({ ctx, dir, commitOid: b })));
    samples.back.push(await time(() => updateState({ ctx, dir, commitOid: a })));
    const fresh = path.join(args.scratch, `update-state-fresh-${run}`);
    samples.fresh.push(await time(() => materializeState({ ctx, commitOid: b, dir: fresh })));
    fs.rmSync(fresh, { recursive: true, force: true });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(repo, { recursive: true, force: true });
  return {
    files,
    runs: args.runs,
    forwardMs: median(samples.forward),
    backMs: median(samples.back),
    noopMs: median(samples.noop),
    freshMs: median(samples.fresh),
    errors,
  };
}
