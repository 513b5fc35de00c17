/**
 * Prints how long reading every object of a mid-size repository takes with `readObject`, with
 * isomorphic-git's `readObject` (one shared cache) and with `git cat-file --batch`, and how loose objects
 * are read and inflated with synchronous and asynchronous calls. Not a test: it asserts nothing but equal bytes.
 * Run: npx tsx test/bench/compare-read-object.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import git from 'isomorphic-git';
import { readObject } from '../../src/git/object-database/read-object.js';
import {
  allObjects,
  commit,
  contextFor,
  initRepo,
  git as nativeGit,
  removeTempDirs,
  seeded,
  tempDir,
} from '../unit/git/object-database/object-repos.js';

const FILES = 300;
const COMMITS = 400;

/** A history of COMMITS commits over FILES files in 15 directories, each commit editing a few of them. */
function buildRepo(repo: string): void {
  const random = seeded(7);
  const contents = Array.from({ length: FILES }, (_, i) =>
    Array.from(
      { length: 40 + Math.floor(random() * 400) },
      (_, n) => `file ${i} line ${n} ${random().toString(36)}\n`,
    ),
  );
  const name = (i: number) => `dir${i % 15}/sub${i % 4}/file${i}.txt`;
  commit(repo, 'initial', Object.fromEntries(contents.map((lines, i) => [name(i), lines.join('')])));
  for (let c = 1; c < COMMITS; c++) {
    const changed: Record<string, string> = {};
    for (let k = 0; k < 3; k++) {
      const i = Math.floor(random() * FILES);
      const lines = contents[i];
      lines[Math.floor(random() * lines.length)] = `edit ${c} ${random().toString(36)}\n`;
      changed[name(i)] = lines.join('');
    }
    commit(repo, `commit ${c}`, changed);
  }
}

const rows: Array<[string, number]> = [];

/** Runs `run` once, records how long it took under `label`, and returns its result and time. */
async function measure<T>(label: string, run: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  rows.push([label, ms]);
  return { ms, result };
}

/** Feeds every id to one `git cat-file --batch` and collects the contents. */
function catFileBatch(repo: string, ids: string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', () => {
      const out = Buffer.concat(chunks);
      const objects = new Map<string, Buffer>();
      for (let at = 0; at < out.length;) {
        const eol = out.indexOf(0x0a, at);
        const [oid, , size] = out.toString('latin1', at, eol).split(' ');
        objects.set(oid, out.subarray(eol + 1, eol + 1 + Number(size)));
        at = eol + 1 + Number(size) + 1;
      }
      resolve(objects);
    });
    child.stdin.end(`${ids.join('\n')}\n`);
  });
}

async function main(): Promise<void> {
  const repo = initRepo(tempDir('speed'));
  console.log(`building ${COMMITS} commits over ${FILES} files…`);
  buildRepo(repo);
  const loose = tempDir('speed-loose');
  fs.cpSync(repo, loose, { recursive: true });
  nativeGit(repo, ['gc', '-q']);
  const expected = allObjects(repo);
  const ids = [...expected.keys()];
  const packDir = path.join(repo, '.git', 'objects', 'pack');
  const packs = fs.readdirSync(packDir).filter((name) => name.endsWith('.pack'));
  const packBytes = packs.reduce((sum, name) => sum + fs.statSync(path.join(packDir, name)).size, 0);
  const packMiB = (packBytes / 1024 / 1024).toFixed(1);
  console.log(`${ids.length} objects, pack ${packMiB} MiB (git gc defaults: depth 50, window 10)\n`);

  const check = (label: string, read: Map<string, Buffer>) => {
    for (const oid of ids) {
      if (!read.get(oid)?.equals(expected.get(oid)!.content)) throw new Error(`${label}: ${oid} differs`);
    }
  };
  const readAll = async (read: (oid: string) => Promise<Buffer>) => {
    const contents = new Map<string, Buffer>();
    for (const oid of ids) contents.set(oid, await read(oid));
    return contents;
  };

  const ours = contextFor(repo);
  const cold = await measure('specgate readObject, sequential, cold', () =>
    readAll(async (oid) => (await readObject(ours, oid)).content),
  );
  check('readObject', cold.result);
  await measure('specgate readObject, sequential, again (memo)', () =>
    readAll(async (oid) => (await readObject(ours, oid)).content),
  );
  await ours.objectDatabase.close();
  const parallel = contextFor(repo);
  await measure('specgate readObject, all at once (Promise.all), cold', () =>
    Promise.all(ids.map((oid) => readObject(parallel, oid))),
  );
  await parallel.objectDatabase.close();

  const cache = {};
  const gitdir = path.join(repo, '.git');
  const isoRead = async (oid: string, dir = gitdir, shared = cache) =>
    Buffer.from(
      (await git.readObject({ fs, gitdir: dir, oid, cache: shared, format: 'content' })).object as Uint8Array,
    );
  const theirs = await measure('isomorphic-git readObject, sequential, shared cache, cold', () =>
    readAll((oid) => isoRead(oid)),
  );
  check('isomorphic-git', theirs.result);
  await measure('isomorphic-git readObject, sequential, same cache again', () =>
    readAll((oid) => isoRead(oid)),
  );

  const native = await measure('git cat-file --batch (one process, incl. spawn)', () =>
    catFileBatch(repo, ids),
  );
  check('git cat-file --batch', native.result);

  const looseCtx = contextFor(loose);
  const looseOurs = await measure(`specgate readObject, same ${ids.length} objects all loose`, () =>
    readAll(async (oid) => (await readObject(looseCtx, oid)).content),
  );
  check('readObject, loose', looseOurs.result);
  const looseCache = {};
  await measure('isomorphic-git readObject, all loose', () =>
    readAll((oid) => isoRead(oid, path.join(loose, '.git'), looseCache)),
  );

  // Loose objects: reading the files synchronously against through the thread pool, then inflating them.
  const names = ids.map((oid) => path.join(loose, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
  await measure('fs.promises.readFile, every loose file, one at a time', async () => {
    for (const name of names) await fs.promises.readFile(name);
  });
  const files = (
    await measure('fs.readFileSync, every loose file', () => names.map((name) => fs.readFileSync(name)))
  ).result;
  const inflate = promisify(zlib.inflate);
  await measure('zlib.inflateSync, every loose file', () => files.map((file) => zlib.inflateSync(file)));
  await measure('zlib.inflate (async), every loose file, one at a time', async () => {
    for (const file of files) await inflate(file);
  });
  await measure('zlib.inflate (async), every loose file, all at once', () =>
    Promise.all(files.map((file) => inflate(file))),
  );

  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, ms] of rows) console.log(`${label.padEnd(width)}  ${ms.toFixed(1).padStart(8)} ms`);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(`\ncold, sequential: isomorphic-git / specgate = ${ratio(theirs.ms, cold.ms)}`);
  console.log(`cold, sequential: specgate / git cat-file --batch = ${ratio(cold.ms, native.ms)}`);
}

main()
  .finally(removeTempDirs)
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
