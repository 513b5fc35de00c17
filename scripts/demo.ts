/**
 * `npm start`: builds a demo repository from fixtures/demo.yml in a temporary directory, gates its queue
 * with the freshly built specgate, and leaves the repository there to explore. Exits 0 when the demo ran
 * (the gate's verdict is FAILURE by design: the queue holds changes that must be rejected).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRepository, loadFixture } from '../test/helpers/build-repository.js';

const QUEUE = ['add-farewell', 'shout-greeting', 'reword-usage', 'shout-docs', 'farewell-polite'];
const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-demo-'));

await buildRepository(dir, loadFixture('demo'));
console.log(`Demo repository: ${dir}`);
console.log(`Queue onto main: ${QUEUE.join(', ')}\n`);
console.log(`$ specgate gate ${QUEUE.join(' ')}\n`);

const gate = spawnSync(process.execPath, [path.join(root, 'bin', 'run.js'), 'gate', ...QUEUE], {
  cwd: dir,
  stdio: 'inherit',
});
if (gate.status !== 0 && gate.status !== 1) {
  console.error(`specgate gate exited with status ${gate.status ?? gate.signal}: the demo did not run`);
  process.exit(1);
}
console.log(`\nExplore it: cd ${dir} && ${path.join(root, 'bin', 'run.js')} plan ${QUEUE.join(' ')}`);
