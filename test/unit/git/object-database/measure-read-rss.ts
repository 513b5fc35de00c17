/**
 * Run in a fresh process by read-object-memory.test.ts, so that no other test's garbage moves the figure:
 * reads the commit `argv[3]` of the repository `argv[2]`, its root tree and the blobs named in
 * `argv[4..]`, and prints as JSON how much RSS grew, at the end and at its peak, and the blobs' sha1s.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseTree } from '../../../../src/git/object-database/parse-tree.js';
import { readObject } from '../../../../src/git/object-database/read-object.js';
import { contextFor } from './object-repos.js';

const [repo, head, ...names] = process.argv.slice(2);
const ctx = contextFor(repo);
const before = process.memoryUsage().rss;
const commit = await readObject(ctx, head);
const tree = parseTree((await readObject(ctx, commit.content.toString('utf8').slice(5, 45))).content);
const hashes: Record<string, string> = {};
for (const name of names) {
  const blob = await readObject(ctx, tree.find((entry) => entry.path === name)!.oid);
  hashes[name] = createHash('sha1').update(blob.content).digest('hex');
}
const after = process.memoryUsage().rss;
// The peak since this program started: VmHWM belongs to the address space made at exec, whereas
// getrusage's maxRSS also counts the parent's memory at fork time (tens of MiB under a busy test runner).
const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
console.log(JSON.stringify({ grown: after - before, peakGrown: peak - before, hashes }));
