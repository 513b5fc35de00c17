import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRepository, loadFixture } from './build-repository.js';

const made: string[] = [];

/** Builds `fixtures/<name>.yml` into a fresh temporary directory; removed when the test process exits. */
export async function fixtureRepo(name: string): Promise<{ dir: string; tips: Record<string, string> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `specgate-${name}-`));
  made.push(dir);
  const tips = await buildRepository(dir, loadFixture(name));
  return { dir, tips };
}

/** A scratch directory outside any repository; removed when the test process exits. */
export function scratchDir(prefix = 'specgate-scratch-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes a configuration file outside the repository (so the repository stays untouched) and returns its path. */
export function configFile(yaml: string): string {
  const file = path.join(scratchDir('specgate-config-'), 'specgate.yml');
  fs.writeFileSync(file, yaml);
  return file;
}

process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
