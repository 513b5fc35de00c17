import { createHash } from 'node:crypto';
import path from 'node:path';
import zlib from 'node:zlib';
import type { GitContext } from '../git-context.js';
import type { GitObjectType } from './git-object.js';

/**
 * Writes one object into the repository's object database as a loose object, as git does (zlib-deflated
 * `type size\0content` at `objects/xx/yyyy…`, written to a temporary file and renamed into place so a
 * reader never sees half an object), unless it is already there. Returns its id. The object joins the
 * run's memo of objects, so reading it back costs nothing.
 *
 * Synchronous file calls on purpose: one small write each, and measured far faster than the promise API
 * for thousands of small files; compression level 1, since loose objects are short-lived until git packs
 * them and the id does not depend on it. An object already loose on disk is freshened (its time set to
 * now), as git does, so that pruning by age never takes it from a commit written after it.
 */
export function writeObject(ctx: GitContext, type: GitObjectType, content: Uint8Array): string {
  const header = Buffer.from(`${type} ${content.length}\0`);
  const oid = createHash('sha1').update(header).update(content).digest('hex');
  const store = ctx.objectDatabase.store;
  if (store.objects.get(oid)) return oid;
  const dir = path.join(ctx.objectsDir, oid.slice(0, 2));
  const file = path.join(dir, oid.slice(2));
  if (!freshen(ctx, file)) {
    const temporary = path.join(dir, `tmp_obj_${process.pid}_${oid.slice(2, 10)}`);
    const deflated = zlib.deflateSync(Buffer.concat([header, content]), { level: 1 });
    if (!madeDirs.has(dir)) ctx.fs.mkdirSync(dir, { recursive: true });
    try {
      ctx.fs.writeFileSync(temporary, deflated, { mode: 0o444 });
    } catch (error) {
      // git gc removes fan-out directories it emptied, maybe since this process made it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      ctx.fs.mkdirSync(dir, { recursive: true });
      ctx.fs.writeFileSync(temporary, deflated, { mode: 0o444 });
    }
    madeDirs.add(dir);
    ctx.fs.renameSync(temporary, file);
  }
  store.objects.set(oid, {
    type,
    content: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
  });
  return oid;
}

/** Object directories known to exist: one `mkdir` per fan-out directory and process, not per object. */
const madeDirs = new Set<string>();

/**
 * Whether the loose object `file` is already there, made fresh as git does when it writes an object
 * again — so that `git gc --prune`, which goes by age, does not drop it from under a new commit that
 * points at it. One system call either way: setting its time tells whether it exists.
 */
function freshen(ctx: GitContext, file: string): boolean {
  const now = new Date();
  try {
    ctx.fs.utimesSync(file, now, now);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    // There but not ours to touch (a read-only object directory): there is all a write needs.
    return ctx.fs.existsSync(file);
  }
}
