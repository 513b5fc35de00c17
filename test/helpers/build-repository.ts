import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import YAML from 'yaml';

/** A file in a fixture commit: its text, or its text and mode, or a symlink; `null` deletes it. */
export type FixtureFile = string | null | { content: string; executable?: boolean } | { symlink: string };

/** One commit of a fixture branch: a message and the files it changes (paths relative to the root). */
export interface FixtureCommit {
  message: string;
  files?: Record<string, FixtureFile>;
}

/**
 * A repository described as data: branches in creation order, each from a start point (another branch,
 * `name~N`), with commits; a branch with no commits points at its start point.
 */
export interface Fixture {
  description?: string;
  /** The branch checked out in the working tree (default: the first branch). */
  head?: string;
  branches: Record<string, { from?: string; commits: FixtureCommit[] }>;
  /** Lightweight tags, name → branch or commit-ish of a branch (`name~N`). */
  tags?: Record<string, string>;
}

/** Reads a fixture from `fixtures/<name>.yml`. */
export function loadFixture(name: string): Fixture {
  const file = path.join(import.meta.dirname, '..', '..', 'fixtures', `${name}.yml`);
  return YAML.parse(fs.readFileSync(file, 'utf8')) as Fixture;
}

const EPOCH = 1_700_000_000;
const MODE = { file: 0o100644, executable: 0o100755, symlink: 0o120000, tree: 0o040000 };

interface Entry {
  mode: number;
  oid: string;
}

/**
 * Builds the repository a fixture describes in `dir` (created if missing) with isomorphic-git, so that
 * neither tests nor the demo need native git to create it: objects and refs are written directly, commit
 * times are fixed (every build gives the same commit ids), and the head branch is checked out.
 * Returns the commit id of every branch tip.
 */
export async function buildRepository(dir: string, fixture: Fixture): Promise<Record<string, string>> {
  fs.mkdirSync(dir, { recursive: true });
  const gitdir = path.join(dir, '.git');
  const names = Object.keys(fixture.branches);
  const head = fixture.head ?? names[0];
  await git.init({ fs, dir, defaultBranch: head });
  const tips: Record<string, string> = {};
  const files = new Map<string, Map<string, Entry>>();
  let clock = EPOCH;

  for (const name of names) {
    const branch = fixture.branches[name];
    let parent = branch.from === undefined ? undefined : await resolve(gitdir, tips, branch.from);
    const state = new Map(parent ? files.get(parent) : []);
    for (const commit of branch.commits) {
      for (const [file, spec] of Object.entries(commit.files ?? {})) {
        if (spec === null) {
          state.delete(file);
          continue;
        }
        state.set(file, await writeFile(gitdir, spec));
      }
      clock += 60;
      const signature = {
        name: 'Fixture Author',
        email: 'author@example.com',
        timestamp: clock,
        timezoneOffset: 0,
      };
      const oid = await git.writeCommit({
        fs,
        gitdir,
        commit: {
          tree: await writeTree(gitdir, state),
          parent: parent ? [parent] : [],
          author: signature,
          committer: signature,
          message: commit.message.endsWith('\n') ? commit.message : `${commit.message}\n`,
        },
      });
      files.set(oid, new Map(state));
      parent = oid;
    }
    if (!parent) throw new Error(`fixture branch ${name} has neither commits nor a start point`);
    tips[name] = parent;
    await git.writeRef({ fs, gitdir, ref: `refs/heads/${name}`, value: parent, force: true });
  }
  for (const [tag, target] of Object.entries(fixture.tags ?? {})) {
    await git.writeRef({ fs, gitdir, ref: `refs/tags/${tag}`, value: await resolve(gitdir, tips, target) });
  }
  await git.checkout({ fs, dir, ref: head, force: true });
  return tips;
}

async function resolve(gitdir: string, tips: Record<string, string>, spec: string): Promise<string> {
  const [, name, back] = /^(.*?)(?:~(\d+))?$/.exec(spec)!;
  let oid = tips[name];
  if (!oid) throw new Error(`fixture refers to unknown branch ${name}`);
  for (let i = 0; i < Number(back ?? 0); i += 1) {
    oid = (await git.readCommit({ fs, gitdir, oid })).commit.parent[0];
  }
  return oid;
}

async function writeFile(gitdir: string, spec: Exclude<FixtureFile, null>): Promise<Entry> {
  if (typeof spec === 'string')
    return { mode: MODE.file, oid: await git.writeBlob({ fs, gitdir, blob: Buffer.from(spec) }) };
  if ('symlink' in spec)
    return { mode: MODE.symlink, oid: await git.writeBlob({ fs, gitdir, blob: Buffer.from(spec.symlink) }) };
  const oid = await git.writeBlob({ fs, gitdir, blob: Buffer.from(spec.content) });
  return { mode: spec.executable ? MODE.executable : MODE.file, oid };
}

/** Writes the nested trees for a flat map of paths, returning the root tree's id. */
async function writeTree(gitdir: string, state: Map<string, Entry>): Promise<string> {
  const children = new Map<string, Map<string, Entry>>();
  const entries: Array<{ mode: string; path: string; oid: string; type: 'blob' | 'tree' }> = [];
  for (const [file, entry] of state) {
    const slash = file.indexOf('/');
    if (slash === -1) {
      entries.push({ mode: entry.mode.toString(8), path: file, oid: entry.oid, type: 'blob' });
    } else {
      const [head, rest] = [file.slice(0, slash), file.slice(slash + 1)];
      if (!children.has(head)) children.set(head, new Map());
      children.get(head)!.set(rest, entry);
    }
  }
  for (const [name, child] of children) {
    entries.push({ mode: '40000', path: name, oid: await writeTree(gitdir, child), type: 'tree' });
  }
  return git.writeTree({ fs, gitdir, tree: entries });
}
