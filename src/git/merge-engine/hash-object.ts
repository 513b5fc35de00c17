import { createHash } from 'node:crypto';

/** The object id git gives `content` stored as an object of `type`, computed without writing anything. */
export function hashObject(type: 'blob' | 'tree', content: Uint8Array): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}
