import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The dependencies of the benchmark project: real, widely used development tools that together resolve to
 * about 330 packages (8,100 files, 107 MiB in `node_modules` with the versions of late 2026).
 */
export const PREPARE_BENCH_DEPENDENCIES: Record<string, string> = {
  '@babel/core': '^7.24.0',
  '@babel/preset-env': '^7.24.0',
  eslint: '^9.0.0',
  mocha: '^11.0.0',
  typescript: '^5.4.0',
  webpack: '^5.90.0',
};

/**
 * Writes a project (`package.json` with {@link PREPARE_BENCH_DEPENDENCIES} and its `package-lock.json`)
 * into `dir`. The lock is generated with `npm install --package-lock-only` (manifests only, no tarballs) and
 * kept in `cacheRoot` by a hash of `package.json`, so that later runs install the same versions and the
 * numbers stay comparable; without `cacheRoot` it is generated every time.
 *
 * @returns the number of packages in the lock.
 * @throws Error with npm's output when the lock cannot be generated (no registry, say).
 */
export function prepareWriteProject(args: {
  dir: string;
  cacheRoot?: string;
  npmCache: string;
  log: (message: string) => void;
}): number {
  const manifest = `${JSON.stringify({ name: 'specgate-prepare-bench', version: '1.0.0', private: true, devDependencies: PREPARE_BENCH_DEPENDENCIES }, null, 2)}\n`;
  fs.mkdirSync(args.dir, { recursive: true });
  fs.writeFileSync(path.join(args.dir, 'package.json'), manifest);
  const lock = path.join(args.dir, 'package-lock.json');
  const cached = args.cacheRoot
    ? path.join(
        args.cacheRoot,
        `prepare-lock-${createHash('sha256').update(manifest).digest('hex').slice(0, 16)}.json`,
      )
    : undefined;
  if (cached && fs.existsSync(cached)) {
    args.log(`reusing ${cached}`);
    fs.copyFileSync(cached, lock);
  } else {
    args.log('resolving the lock file with npm install --package-lock-only');
    const npm = spawnSync(
      'npm',
      ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
      {
        cwd: args.dir,
        env: { ...process.env, npm_config_cache: args.npmCache },
        encoding: 'utf8',
      },
    );
    if (npm.status !== 0)
      throw new Error(`npm install --package-lock-only failed:\n${npm.stdout}${npm.stderr}`);
    if (cached) {
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      fs.copyFileSync(lock, cached);
    }
  }
  const packages = (JSON.parse(fs.readFileSync(lock, 'utf8')) as { packages: Record<string, unknown> })
    .packages;
  return Object.keys(packages).filter((key) => key !== '').length;
}
