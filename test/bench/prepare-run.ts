/**
 * `npx tsx test/bench/prepare-run.ts [--keep]`: runs {@link measurePrepare} alone in a temporary directory
 * and prints its table; until `run.ts` calls it. The lock file is cached in `.bench/`. Exit status 1 when a
 * placed tree was wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measurePrepare } from './measure-prepare.js';
import { prepareRender } from './prepare-render.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-bench-prepare-'));
const keep = process.argv.includes('--keep');
try {
  const measurement = await measurePrepare({
    scratch,
    cacheRoot: path.join(ROOT, '.bench'),
    log: (message) => process.stderr.write(`[bench] ${message}\n`),
  });
  process.stdout.write(prepareRender(measurement));
  if (measurement.errors.length > 0) process.exitCode = 1;
} finally {
  if (keep) process.stderr.write(`[bench] kept ${scratch}\n`);
  else fs.rmSync(scratch, { recursive: true, force: true });
}
