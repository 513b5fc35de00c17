import type { GitContext } from '../git-context.js';
import { getObjectStore } from './get-object-store.js';

/**
 * Closes the pack files that reads of this run (`ctx.cache`) opened. The caches and the pack listing
 * are kept, and a later read simply reopens what it needs, so calling this early is safe as long as no
 * read is in flight. Without it the files close when the run's cache object is garbage collected, or
 * when the process exits.
 */
export async function closeObjectStore(ctx: GitContext): Promise<void> {
  const store = getObjectStore(ctx);
  const handles = store.handles.splice(0);
  const dirs = (await store.dirs?.catch(() => undefined)) ?? [];
  for (const dir of dirs) for (const pack of dir.packs) pack.handle = undefined;
  await Promise.all(handles.map((handle) => handle.then((opened) => opened.close(), () => undefined)));
}
