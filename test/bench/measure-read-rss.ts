/**
 * Run in a fresh process by measure-memory.ts, so that no other work's garbage moves the figure: reads
 * the commit `argv[3]` of the repository `argv[2]`, its root tree and the blobs named in `argv[4..]`, and
 * prints as JSON how much RSS grew, at the end and at its peak, and the blobs' sha1s.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openGitContext } from '../../src/git/open-git-context.js';
import { parseTree } from '../../src/git/object-database/parse-tree.js';
import { readObject } from '../../src/git/object-database/read-object.js';
import { peakRss } from './peak-rss.js';

const [repo, head, ...names] = process.argv.slice(2);
const gitdir = path.join(repo, '.git');
const ctx = openGitContext({ fs, dir: repo, gitdir, objectsDir: path.join(gitdir, 'objects') });
const before = process.memoryUsage().rss;
const commit = await readObject(ctx, head);
const tree = parseTree((await readObject(ctx, commit.content.toString('utf8').slice(5, 45))).content);
const hashes: Record<string, string> = {};
for (const name of names) {
  const blob = await readObject(ctx, tree.find((entry) => entry.path === name)!.oid);
  hashes[name] = createHash('sha1').update(blob.content).digest('hex');
}
const after = process.memoryUsage().rss;
console.log(JSON.stringify({ grown: after - before, peakGrown: peakRss() - before, hashes }));
