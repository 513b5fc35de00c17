import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { blobId, expectFsckClean, git, gitNotes, newRepository, REF } from './notes-repo.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const PER_WRITER = 30;

/**
 * Starts `node --import tsx script ...args` from the project root. `ready` resolves when the script has
 * written its first line ("ready") to stdout; `go()` then lets it on (a line on its stdin); `done`
 * resolves with the rest of its stdout, and rejects on failure.
 */
function startNode(
  script: string,
  args: string[],
): { ready: Promise<void>; go: () => void; done: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalReady = (): void => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) signalReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(stdout.replace(/^ready\n/, ''))
        : reject(new Error(`writer exited ${code}: ${stderr}`)),
    );
  });
  // A writer that dies before it is ready must fail the test, not leave it waiting for the barrier.
  return { ready: Promise.race([ready, done.then(() => {})]), go: () => child.stdin.end('go\n'), done };
}

describe('updateNotes from concurrent processes', () => {
  for (const writers of [2, 3]) {
    it(`loses no note when ${writers} processes each add ${PER_WRITER} notes one call at a time`, async function () {
      this.timeout(120_000);
      const { dir, blobs } = newRepository(writers * PER_WRITER);
      const script = path.join(path.dirname(dir), `${path.basename(dir)}-writer.mts`);
      after(() => fs.rmSync(script, { force: true }));
      const source = pathToFileURL(path.join(ROOT, 'src/git/notes/update-notes.ts')).href;
      const opener = pathToFileURL(path.join(ROOT, 'src/git/open-git-context.ts')).href;
      fs.writeFileSync(
        script,
        [
          "import fs from 'node:fs';",
          "import path from 'node:path';",
          `import { updateNotes } from ${JSON.stringify(source)};`,
          `import { openGitContext } from ${JSON.stringify(opener)};`,
          'const [dir, ...objects] = process.argv.slice(2);',
          "const ctx = openGitContext({ fs, dir, gitdir: path.join(dir, '.git'), objectsDir: path.join(dir, '.git', 'objects') });",
          // A barrier: every writer, loaded, says so and waits until all have, so that they really race.
          "process.stdout.write('ready\\n');",
          "await new Promise((resolve) => process.stdin.once('data', resolve));",
          'process.stdin.pause();',
          'let edits = 0;',
          'for (const object of objects) {',
          `  const result = await updateNotes(ctx, { ref: ${JSON.stringify(REF)}, message: 'add ' + object, edit: () => (edits++, new Map([[object, 'note for ' + object + '\\n']])) });`,
          "  if (!result.changed) throw new Error('nothing written for ' + object);",
          '}',
          'process.stdout.write(String(edits));',
        ].join('\n'),
      );
      const started = Array.from({ length: writers }, (_, i) =>
        startNode(script, [dir, ...blobs.slice(i * PER_WRITER, (i + 1) * PER_WRITER)]),
      );
      await Promise.all(started.map((writer) => writer.ready));
      for (const writer of started) writer.go();
      const outputs = await Promise.all(started.map((writer) => writer.done));
      const edits = outputs.map(Number);
      console.log(`      edit calls per writer (${PER_WRITER} without contention): ${edits.join(', ')}`);
      for (const count of edits) expect(count).to.be.at.least(PER_WRITER);

      expect(gitNotes(dir)).to.deep.equal(
        new Map(blobs.map((object) => [object, blobId(`note for ${object}\n`)])),
      );
      // One commit per call, in one line of history: every writer built on everyone's notes.
      expect(git(dir, ['rev-list', '--count', REF]).trim()).to.equal(String(writers * PER_WRITER));
      expect(git(dir, ['rev-list', '--count', '--merges', REF]).trim()).to.equal('0');
      expect(fs.readdirSync(path.join(dir, '.git', 'refs', 'notes'))).to.deep.equal(['specgate']);
      expectFsckClean(dir);
    });
  }
});
