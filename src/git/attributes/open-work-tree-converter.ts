import * as path from 'node:path';
import { UserError } from '../../errors/specgate-error.js';
import { listTreeFiles } from '../checkout/list-tree-files.js';
import type { GitContext } from '../git-context.js';
import { readObject } from '../object-database/read-object.js';
import { collapseIdent } from './collapse-ident.js';
import { convertCrlfToLf } from './convert-crlf-to-lf.js';
import { convertLfToCrlf } from './convert-lf-to-crlf.js';
import { type AttributeLookup, createAttributeLookup } from './create-attribute-lookup.js';
import { expandIdent } from './expand-ident.js';
import { type ConversionConfig, readConversionConfig } from './read-conversion-config.js';
import { type Conversion, resolveConversion } from './resolve-conversion.js';
import { runFilterCommand } from './run-filter-command.js';
import { type FilterProcess, startFilterProcess } from './start-filter-process.js';

/** Turns blobs into the bytes `git checkout` writes for them, for one tree and one repository's config. */
export interface WorkTreeConverter {
  /** The repository's config lines that change conversions, for a checkout's own `.git/config`. */
  readonly localConfig: string;
  /** `info/attributes` of the repository, when it has one, for a checkout's own `.git/info`. */
  readonly infoAttributes?: string;
  /**
   * A string that differs between two converters exactly when they may write different bytes for the
   * same blob at `path`; `''` when the blob's bytes are written unchanged.
   */
  describe(path: string): string;
  /**
   * Which filter runs on `path`: a `command` (`filter.<driver>.smudge`, one process per file), the driver's
   * long-running `process` (one for the whole checkout, one file at a time), or none.
   */
  filterOf(path: string): 'command' | 'process' | undefined;
  /**
   * The work-tree bytes of the regular file `path` holding blob `oid`, whose content is `content`: ident
   * expanded, end-of-lines converted, then the smudge filter (or long-running process) applied.
   *
   * @throws UserError (`CHECKOUT_FILTER`) "PATH: smudge filter NAME failed" when the path's filter driver
   *   is `required` and fails; a driver that is not required and fails leaves the content unfiltered.
   */
  convert(path: string, oid: string, content: Buffer): Promise<Buffer>;
  /**
   * The blob content `git add` would make of the work-tree bytes `bytes` at `path` (git's
   * `convert_to_git`): the clean filter, then CRLF to LF for text, then `$Id: ... $` collapsed. Hash it to
   * tell, as git does, whether a file whose stat data cannot be trusted still holds its index entry's blob.
   * `indexBlob` is the content of the path's blob in the index, when there is one: `text=auto` keeps
   * the CRLFs of a file committed with them.
   *
   * @throws UserError (`CHECKOUT_FILTER`) "PATH: clean filter NAME failed" when a `required` driver fails.
   */
  toGit(path: string, bytes: Buffer, indexBlob?: Buffer): Promise<Buffer>;
  /** Ends the long-running filter processes started for this checkout. Call it once every file is written. */
  close(): Promise<void>;
}

/** Matches a tree entry named `.gitattributes`, at any depth. */
const ATTRIBUTES_FILE = /(^|\/)\.gitattributes$/;
const MODE_FILE = 0o100644;
const MODE_EXECUTABLE = 0o100755;

/**
 * Opens the converter for checking out a tree of repository `ctx`: attributes from the tree's own
 * `.gitattributes` files (every directory; `files` lists the tree's entries, or `treeOid` names the tree to
 * list), `info/attributes`, `core.attributesFile` and the system file, config from the repository, global
 * and system config files (`readConversionConfig`). Filter commands run in the repository's work tree (its
 * git directory when bare), so that tools such as git-lfs find their object store there; `treeish` is sent
 * to long-running filters as git sends the commit being checked out.
 *
 * `workTree` adds the `.gitattributes` files of the work tree `ctx.dir` in every directory above `paths`, as
 * git's attr.c reads them outside a bare repository: `checkout` (git's `GIT_ATTR_CHECKOUT`, what
 * unpack-trees sets while it writes files) takes one only where the tree has none; `checkin`
 * (`GIT_ATTR_CHECKIN`, what `git status` and `git add` use) prefers it to the tree's.
 *
 * @returns undefined when nothing can convert any file either way — no attribute rule anywhere and
 *   `core.autocrlf` false — so that a plain checkout costs nothing more: blobs are then written as they are.
 */
export async function openWorkTreeConverter(args: {
  ctx: GitContext;
  files?: readonly { path: string; oid: string; mode: number }[];
  treeOid?: string;
  treeish?: string;
  /** `skip` names a work-tree `.gitattributes` (by its path) not to read: one a checkout removes first. */
  workTree?: { direction: 'checkout' | 'checkin'; paths: Iterable<string>; skip?: (file: string) => boolean };
}): Promise<WorkTreeConverter | undefined> {
  const { ctx } = args;
  const files =
    args.files ??
    (args.treeOid !== undefined ? (await listTreeFiles({ ctx, treeOid: args.treeOid })).files : []);
  const config = readConversionConfig({
    fs: ctx.fs,
    commonDir: path.dirname(ctx.objectsDir),
    workTree: ctx.dir ?? ctx.gitdir,
  });
  const tree = new Map<string, string>();
  for (const file of files) {
    // git reads a `.gitattributes` blob, never through a symlink or a submodule.
    if (!ATTRIBUTES_FILE.test(file.path) || (file.mode !== MODE_FILE && file.mode !== MODE_EXECUTABLE))
      continue;
    const object = await readObject(ctx, file.oid);
    const slash = file.path.lastIndexOf('/');
    tree.set(slash < 0 ? '' : file.path.slice(0, slash), object.content.toString('utf8'));
  }
  if (args.workTree && ctx.dir !== undefined) {
    const { direction, skip } = args.workTree;
    for (const [dir, text] of readWorkTreeAttributes(ctx.fs, ctx.dir, args.workTree.paths)) {
      if (skip?.(dir === '' ? '.gitattributes' : `${dir}/.gitattributes`)) continue;
      if (direction === 'checkin' || !tree.has(dir)) tree.set(dir, text);
    }
  }
  const texts = [config.systemAttributes, config.globalAttributes, config.infoAttributes, ...tree.values()];
  if (config.autocrlf === 'false' && !texts.some((text) => text !== undefined && hasRule(text)))
    return undefined;
  const lookup = createAttributeLookup({
    system: config.systemAttributes,
    global: config.globalAttributes,
    info: config.infoAttributes,
    tree,
  });
  return createConverter({ lookup, config, cwd: ctx.dir ?? ctx.gitdir, treeish: args.treeish });
}

/** The `.gitattributes` regular files of the work tree `root` in every directory above `paths`, by directory. */
function readWorkTreeAttributes(
  fs: GitContext['fs'],
  root: string,
  paths: Iterable<string>,
): Map<string, string> {
  const dirs = new Set<string>(['']);
  for (const p of paths) {
    for (let slash = p.lastIndexOf('/'); slash > 0; slash = p.lastIndexOf('/', slash - 1)) {
      const dir = p.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  const found = new Map<string, string>();
  for (const dir of dirs) {
    const file = path.join(root, ...(dir === '' ? [] : dir.split('/')), '.gitattributes');
    // git opens in-tree attributes files without following a symlink; a directory not there yet (or a file
    // where the tree has one) holds none.
    let stat: ReturnType<typeof fs.lstatSync>;
    try {
      stat = fs.lstatSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw error;
    }
    if (stat?.isFile()) found.set(dir, fs.readFileSync(file, 'utf8'));
  }
  return found;
}

/** Whether a gitattributes text has any line but blanks and comments. */
function hasRule(text: string): boolean {
  return text.split('\n').some((line) => {
    const trimmed = line.replace(/^[ \t\r\n\uFEFF]+/, '');
    return trimmed !== '' && !trimmed.startsWith('#');
  });
}

function createConverter(args: {
  lookup: AttributeLookup;
  config: ConversionConfig;
  cwd: string;
  treeish?: string;
}): WorkTreeConverter {
  const { lookup, config, cwd, treeish } = args;
  const processes = new Map<string, FilterProcess>();
  const conversionOf = (p: string): Conversion => resolveConversion(lookup(p), config);
  const isIdentity = (c: Conversion): boolean =>
    !c.ident &&
    c.crlf !== 'crlf' &&
    c.crlf !== 'auto-crlf' &&
    (c.driver === undefined || (!c.driver.smudge && !c.driver.process && !c.driver.required));

  const applyFilter = async (
    command: 'smudge' | 'clean',
    c: Conversion,
    p: string,
    content: Buffer,
    oid?: string,
  ): Promise<Buffer | undefined> => {
    const driver = c.driver;
    if (!driver) return content;
    // As git's apply_filter: a configured `process` takes over from `smudge` and `clean` entirely.
    const single = driver[command];
    if (!driver.process && single) return runFilterCommand({ command: single, path: p, content, cwd });
    if (driver.process) {
      let running = processes.get(driver.process);
      if (!running) {
        running = startFilterProcess({ command: driver.process, cwd });
        processes.set(driver.process, running);
      }
      return running.filter(
        command,
        command === 'smudge' ? { path: p, content, treeish, blob: oid } : { path: p, content },
      );
    }
    return undefined;
  };

  return {
    localConfig: config.localConfig,
    ...(config.infoAttributes !== undefined && { infoAttributes: config.infoAttributes }),
    describe(p) {
      const c = conversionOf(p);
      if (isIdentity(c)) return '';
      const d = c.driver;
      return JSON.stringify([c.crlf, c.ident, d && [d.name, d.smudge, d.process, d.required]]);
    },
    filterOf(p) {
      const d = conversionOf(p).driver;
      if (d?.process) return 'process';
      return d?.smudge ? 'command' : undefined;
    },
    async convert(p, oid, content) {
      const c = conversionOf(p);
      if (isIdentity(c)) return content;
      let bytes = content;
      if (c.ident) bytes = expandIdent(bytes, oid) ?? bytes;
      bytes = convertLfToCrlf(bytes, c.crlf) ?? bytes;
      if (!c.driver) return bytes;
      const filtered = await applyFilter('smudge', c, p, bytes, oid);
      if (filtered !== undefined) return filtered;
      if (c.driver.required) {
        throw new UserError('CHECKOUT_FILTER', `${p}: smudge filter ${c.driver.name} failed`, {
          suggestion: `Check that the filter driver "${c.driver.name}" (git config filter.${c.driver.name}.*) works: git checkout fails on this path too.`,
        });
      }
      return bytes;
    },
    async toGit(p, bytes, indexBlob) {
      const c = conversionOf(p);
      let content = bytes;
      if (c.driver) {
        const filtered = await applyFilter('clean', c, p, content);
        if (filtered !== undefined) content = filtered;
        else if (c.driver.required) {
          throw new UserError('CHECKOUT_FILTER', `${p}: clean filter '${c.driver.name}' failed`, {
            suggestion: `Check that the filter driver "${c.driver.name}" (git config filter.${c.driver.name}.*) works: git add fails on this path too.`,
          });
        }
      }
      content = convertCrlfToLf(content, c.crlf, indexBlob) ?? content;
      return c.ident ? (collapseIdent(content) ?? content) : content;
    },
    async close() {
      const all = [...processes.values()];
      processes.clear();
      await Promise.all(all.map((running) => running.close()));
    },
  };
}
