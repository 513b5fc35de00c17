import fs from 'node:fs';
import path from 'node:path';
import { createRandom, type Random } from './create-random.js';
import { formatData } from './format-data.js';
import { makeTextLines } from './make-text-lines.js';

/** Directory names of each of the five directory levels; every combination is a leaf directory. */
const LEVELS = [
  ['app', 'lib', 'pkg', 'tools'],
  ['core', 'io', 'net', 'ui'],
  ['alpha', 'beta', 'gamma', 'delta'],
  ['one', 'two', 'three', 'four'],
  ['north', 'south', 'east', 'west'],
];

/** When the history starts; each commit is ten minutes after the previous one. */
const EPOCH = 1_700_000_000;

interface FileState {
  mode: '100644' | '100755';
  lines: string[];
}

/** A set of paths that allows picking a random member and removing one in O(1). */
class PathPool {
  private readonly items: string[] = [];
  private readonly index = new Map<string, number>();
  get size(): number {
    return this.items.length;
  }
  add(item: string): void {
    this.index.set(item, this.items.length);
    this.items.push(item);
  }
  remove(item: string): void {
    const at = this.index.get(item)!;
    const last = this.items.pop()!;
    if (last !== item) {
      this.items[at] = last;
      this.index.set(last, at);
    }
    this.index.delete(item);
  }
  pick(random: Random): string {
    return random.pick(this.items);
  }
}

function contentOf(file: FileState): string {
  return `${file.lines.join('\n')}\n`;
}

function leafDirectories(): string[] {
  return LEVELS.reduce<string[]>(
    (dirs, names) => dirs.flatMap((dir) => names.map((name) => (dir ? `${dir}/${name}` : name))),
    [''],
  );
}

/**
 * Writes, to `streamFile`, one `git fast-import` stream holding the whole history of `main`: `commits`
 * commits, fixed author and committer dates, ending with at least `files` regular files (about 5%
 * executable) spread over 1,024 directories five levels deep (so paths are six levels deep), a few
 * symlinks and a README. The first commit imports 60% of the files; each later commit adds its share of
 * the rest and edits the middle of 1–6 existing files, and about one in fifty deletes a file.
 * Deterministic for a given `seed`. Returns the number of paths in the final tree.
 */
export function writeMainHistory(args: {
  streamFile: string;
  files: number;
  commits: number;
  seed: string;
}): { paths: number } {
  const { streamFile, files, commits } = args;
  const random = createRandom(`${args.seed}:main`);
  const dirs = leafDirectories();
  const tree = new Map<string, FileState>();
  const pool = new PathPool();
  const fd = fs.openSync(streamFile, 'w');
  let buffered: string[] = [];
  let bufferedLength = 0;
  const write = (text: string): void => {
    buffered.push(text);
    bufferedLength += text.length;
    if (bufferedLength > 1 << 22) flush();
  };
  const flush = (): void => {
    fs.writeSync(fd, buffered.join(''));
    buffered = [];
    bufferedLength = 0;
  };

  let created = 0;
  let symlinks = 0;
  const newFile = (): string => {
    const n = ++created;
    const executable = random.chance(0.05);
    const filePath = `${random.pick(dirs)}/${executable ? `tool-${n}.sh` : `file-${n}.txt`}`;
    const lines = makeTextLines(random, 4 + Math.floor(random.next() ** 2 * 60));
    const file: FileState = executable
      ? { mode: '100755', lines: ['#!/bin/sh', ...lines.map((line) => `# ${line}`)] }
      : { mode: '100644', lines };
    tree.set(filePath, file);
    pool.add(filePath);
    return `M ${file.mode} inline ${filePath}\n${formatData(contentOf(file))}`;
  };
  const editFile = (filePath: string): string => {
    const file = tree.get(filePath)!;
    const at = random.int(
      Math.floor(file.lines.length * 0.2),
      Math.max(Math.floor(file.lines.length * 0.8), 1),
    );
    file.lines.splice(at, random.int(0, 2), ...makeTextLines(random, random.int(1, 3)));
    return `M ${file.mode} inline ${filePath}\n${formatData(contentOf(file))}`;
  };

  const initial = commits === 1 ? files : Math.min(files, Math.max(1, Math.floor(files * 0.6)));
  let wanted = initial;
  for (let i = 0; i < commits; i++) {
    const time = EPOCH + i * 600;
    const ops: string[] = [];
    const edited = new Set<string>();
    if (i > 0) {
      for (let e = random.int(1, 6); e > 0 && pool.size > 0; e--) {
        const filePath = pool.pick(random);
        if (edited.has(filePath)) continue;
        edited.add(filePath);
        ops.push(editFile(filePath));
      }
      if (random.chance(0.02) && pool.size > 1) {
        const filePath = pool.pick(random);
        if (!edited.has(filePath)) {
          tree.delete(filePath);
          pool.remove(filePath);
          ops.push(`D ${filePath}\n`);
        }
      }
      // Spread the files not in the first commit evenly over the rest; replace deleted ones too.
      wanted =
        i === commits - 1 ? files : initial + Math.floor(((files - initial) * i) / Math.max(commits - 1, 1));
    }
    while (pool.size < wanted) ops.push(newFile());
    if (i === 0) {
      ops.push(
        `M 100644 inline README.md\n${formatData('# Benchmark repository\n\nGenerated by specgate test/bench.\n')}`,
      );
      for (let s = Math.max(3, Math.round(files / 2000)); s > 0; s--) {
        const target = pool.pick(random);
        ops.push(
          `M 120000 inline ${path.posix.dirname(target)}/link-${++symlinks}\n${formatData(path.posix.basename(target))}`,
        );
      }
    }
    write(`commit refs/heads/main\nmark :${i + 1}\n`);
    write(
      `author Bench Author <author@example.com> ${time} +0000\ncommitter Bench Committer <committer@example.com> ${time} +0000\n`,
    );
    write(formatData(i === 0 ? 'Initial import\n' : `Commit ${i}: ${ops.length} file(s)\n`));
    if (i > 0) write(`from :${i}\n`);
    for (const op of ops) write(op);
    write('\n');
  }
  flush();
  fs.closeSync(fd);
  return { paths: pool.size + symlinks + 1 };
}
