import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { GitContext } from '../../../../src/git/git-context.js';
import { mergeBaseTree } from '../../../../src/git/merge-engine/merge-base-tree.js';
import { mergeTrees } from '../../../../src/git/merge-engine/merge-trees.js';
import { readCommit } from '../../../../src/git/object-database/read-commit.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

const FILES = 4;
const LINES = 20;

/**
 * A generated history of a few hundred commits: a main line and short-lived branches editing lines of a
 * handful of shared files (so that merges meet, mostly cleanly, sometimes not), all written with one
 * `git fast-import`. Returns the repository and the commits' ids by mark.
 */
function generateHistory(dir: string, seed: number): string[] {
  execFileSync('git', ['init', '-q', dir]);
  const random = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { numRuns: 20_000, seed });
  let next = 0;
  const pick = (n: number) => random[next++ % random.length] % n;
  const contents = new Map<number, string[][]>();
  let stream = '';
  let mark = 0;
  const commit = (parents: number[], files: string[][], branch: string) => {
    mark += 1;
    stream += `commit refs/heads/${branch}\nmark :${mark}\ncommitter T <t@t> ${1_700_000_000 + mark * 60} +0000\ndata 2\nc\n`;
    if (parents[0]) stream += `from :${parents[0]}\n`;
    for (const p of parents.slice(1)) stream += `merge :${p}\n`;
    stream += 'deleteall\n';
    files.forEach((lines, i) => {
      const body = `${lines.join('\n')}\n`;
      stream += `M 644 inline f${i}.txt\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    });
    contents.set(
      mark,
      files.map((lines) => [...lines]),
    );
    return mark;
  };
  const edit = (files: string[][], who: string) => {
    const copy = files.map((lines) => [...lines]);
    for (let k = 0; k < 1 + pick(3); k += 1) {
      const file = copy[pick(FILES)];
      const at = pick(file.length);
      const kind = pick(3);
      if (kind === 0) file[at] = `${file[at]} ${who}`;
      else if (kind === 1) file.splice(at, 0, `new ${who}`);
      else if (file.length > 3) file.splice(at, 1);
    }
    return copy;
  };
  let main = commit(
    [],
    Array.from({ length: FILES }, (_, f) => Array.from({ length: LINES }, (_, l) => `f${f} line ${l}`)),
    'main',
  );
  while (mark < 300) {
    const start = main;
    let side = start;
    for (let i = 0; i < 1 + pick(3); i += 1)
      side = commit([side], edit(contents.get(side)!, `s${mark}`), `side${mark}`);
    for (let i = 0; i < pick(3); i += 1) main = commit([main], edit(contents.get(main)!, `m${mark}`), 'main');
    // The recorded merge result does not matter: the test replays merges of the parents.
    main = commit([main, side], contents.get(main)!, 'main');
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream });
  const marks = execFileSync('git', ['log', '--format=%H %P', '--min-parents=2', 'main'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return marks.trim().split('\n');
}

describe('replaying the merges of a generated history against git merge-tree', () => {
  it("gives git's tree for every merge git makes cleanly, and a conflict for every one it does not", async function () {
    this.timeout(300_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-replay-'));
    try {
      const merges = generateHistory(dir, 7);
      const ctx: GitContext = openGitContext({
        fs,
        dir,
        gitdir: path.join(dir, '.git'),
        objectsDir: path.join(dir, '.git', 'objects'),
      });
      let clean = 0;
      let conflicts = 0;
      for (const line of merges) {
        const [, ours, theirs] = line.split(' ');
        const native = spawnSync('git', ['merge-tree', '--write-tree', ours, theirs], {
          cwd: dir,
          encoding: 'utf8',
        });
        const base = await mergeBaseTree(ctx, ours, theirs);
        expect(base.conflict).to.equal(false);
        const result = await mergeTrees({
          ctx,
          base: base.conflict ? undefined : base.tree,
          ours: (await readCommit(ctx, ours)).tree,
          theirs: (await readCommit(ctx, theirs)).tree,
        });
        if (native.status === 0) {
          clean += 1;
          expect(result, `merge of ${ours} and ${theirs}`).to.deep.equal({
            clean: true,
            treeOid: native.stdout.trim(),
          });
        } else {
          conflicts += 1;
          expect(native.status).to.equal(1);
          expect(result.clean, `merge of ${ours} and ${theirs}`).to.equal(false);
        }
      }
      console.log(
        `      replayed ${merges.length} merges of a 300-commit history: ${clean} clean, ${conflicts} conflicting`,
      );
      // The history must exercise both outcomes, or the test proves little.
      expect(clean).to.be.greaterThan(20);
      expect(conflicts).to.be.greaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
