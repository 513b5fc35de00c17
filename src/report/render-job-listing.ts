import { Chalk } from 'chalk';
import type { JobListing } from '../core/types.js';
import { countOf } from './count-of.js';

/** Changed files named per change before the rest are only counted. */
const FILES_SHOWN = 5;

/**
 * Renders `specgate jobs` for people: one block per change — the files it touches (the first few), then
 * one line per job with "runs" or "skipped" and why.
 */
export function renderJobListing(listing: JobListing, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  for (const change of listing.changes) {
    lines.push(
      `${c.bold(change.id)} (${change.sha.slice(0, 12)}) in the ${listing.mode} pipeline onto ${listing.target.ref}:`,
    );
    lines.push(`  ${describeFiles(change.files)}`);
    if (change.jobs.length === 0) lines.push('  no job is configured; the change passes if it merges');
    const width = Math.max(0, ...change.jobs.map((job) => job.name.length));
    for (const job of change.jobs) {
      const verdict = job.runs ? c.green('runs   ') : c.dim('skipped');
      lines.push(`  ${job.name.padEnd(width)}  ${verdict}  ${job.reason}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function describeFiles(files: string[]): string {
  if (files.length === 0) return 'changes no file';
  const shown = files.slice(0, FILES_SHOWN).join(', ');
  const more = files.length > FILES_SHOWN ? `, and ${files.length - FILES_SHOWN} more` : '';
  return `changes ${countOf(files.length, 'file')}: ${shown}${more}`;
}
