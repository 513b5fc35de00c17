import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';

const src = path.join(import.meta.dirname, '..', '..', '..', 'src');

/** Every `import … from '…'` specifier of every source file, by path relative to src/. */
function imports(): Array<{ file: string; spec: string }> {
  const found: Array<{ file: string; spec: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
          found.push({ file: path.relative(src, full), spec: match[1] ?? match[2] });
        }
      }
    }
  };
  walk(src);
  return found;
}

const layer = (file: string) => file.split(path.sep)[0];

describe('layering (DESIGN.md, Architecture)', () => {
  const all = imports();

  it('keeps src/core pure: no node:*, no isomorphic-git, no chalk or listr2, nothing from the adapters', () => {
    const offending = all.filter(({ file, spec }) => layer(file) === 'core' && !/^\.\/[a-z-]+\.js$/.test(spec));
    expect(offending).to.deep.equal([]);
  });

  it('lets only src/report import chalk and listr2', () => {
    const offending = all.filter(({ file, spec }) => /^(chalk|listr2)$/.test(spec) && layer(file) !== 'report');
    expect(offending).to.deep.equal([]);
  });

  it('lets only src/git import isomorphic-git', () => {
    const offending = all.filter(({ file, spec }) => spec.startsWith('isomorphic-git') && layer(file) !== 'git');
    expect(offending).to.deep.equal([]);
  });

  it('keeps the flow one way: adapters never import workflows, commands or the CLI', () => {
    const adapters = ['core', 'git', 'jobs', 'config', 'errors', 'report', 'merge-memo'];
    const offending = all.filter(
      ({ file, spec }) => adapters.includes(layer(file)) && /\.\.\/(workflows|commands|cli|report)\//.test(spec),
    );
    expect(offending).to.deep.equal([]);
  });

  it('keeps src/git in folders named by what they own, at its root only the context and two ways to open it', () => {
    const git = path.join(src, 'git');
    const entries = fs.readdirSync(git, { withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    expect(files.sort()).to.deep.equal(['git-context.ts', 'open-git-context.ts', 'open-repository.ts']);
    expect(entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()).to.deep.equal([
      'attributes',
      'checkout',
      'config',
      'history',
      'hooks',
      'index-file',
      'merge-engine',
      'merge-modes',
      'notes',
      'object-database',
      'refs',
      'worktree',
    ]);
  });

  it('keeps the merge engine, object database and history walks off specgate: nothing from outside src/git but errors', () => {
    const owned = (file: string) => /^git[\\/](merge-engine|object-database|history)[\\/]/.test(file);
    const outside = (file: string, spec: string) =>
      spec.startsWith('.') && !path.resolve(src, path.dirname(file), spec).startsWith(path.join(src, 'git'));
    const offending = all.filter(({ file, spec }) => owned(file) && outside(file, spec));
    expect(offending.filter(({ spec }) => !spec.endsWith('/errors/specgate-error.js'))).to.deep.equal([]);
  });
});
