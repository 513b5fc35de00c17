import { expect } from 'chai';
import { ESLint } from 'eslint';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The layering of DESIGN.md ("Architecture") is checked by `npm run lint` (eslint.config.js). These tests
// make sure those rules still catch what they are for: a rule whose imports stop resolving, or whose
// folders are renamed, would otherwise pass in silence.

const root = path.join(import.meta.dirname, '..', '..', '..');
const src = path.join(root, 'src');
const layeringRules = new Set(['import-x/no-restricted-paths', 'import-x/no-nodejs-modules']);

/** Some source file under `src/<folder>`, as an import specifier from `src/<from>/probe.ts`. */
function someFileIn(folder: string, from: string): string {
  const walk = (dir: string): string | undefined => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      const found = entry.isDirectory() ? walk(full) : entry.name.endsWith('.ts') ? full : undefined;
      if (found) return found;
    }
    return undefined;
  };
  const file = walk(path.join(src, folder));
  if (!file) throw new Error(`no source file in src/${folder}`);
  const spec = path.relative(path.join(src, from), file).replace(/\.ts$/, '.js');
  return spec.startsWith('.') ? spec : `./${spec}`;
}

/**
 * Lints one import statement per line as the file `src/<file>` and returns the lines the layering rules
 * reject. Any other message (an import that does not resolve, a parse error) fails the test: the path rules
 * skip imports they cannot resolve.
 */
async function rejected(eslint: ESLint, file: string, lines: string[]): Promise<string[]> {
  const code = `${lines.join('\n')}\nexport {};\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(src, file) });
  const other = result.messages.filter((message) => !layeringRules.has(message.ruleId ?? ''));
  expect(other, `other messages for src/${file}`).to.deep.equal([]);
  return [...new Set(result.messages.map((message) => lines[message.line - 1]))];
}

/** Every relative import in src: the importing file (relative to src) and the specifier. */
function relativeImports(): { file: string; spec: string }[] {
  const found: { file: string; spec: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        const pattern =
          /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
        for (const match of text.matchAll(pattern)) {
          const spec = match[1] ?? match[2];
          if (spec.startsWith('.')) found.push({ file: path.relative(src, full), spec });
        }
      }
    }
  };
  walk(src);
  return found;
}

/** Source files (relative to src/, `/`-separated) that lie on an import cycle, type-only imports included. */
function filesOnCycles(): string[] {
  const graph = new Map<string, string[]>();
  for (const { file, spec } of relativeImports()) {
    const target = path.relative(src, path.resolve(src, path.dirname(file), spec)).replace(/\.js$/, '.ts');
    graph.set(file, [...(graph.get(file) ?? []), target]);
  }
  const onCycle = (start: string) => {
    const seen = new Set<string>();
    const queue = [...(graph.get(start) ?? [])];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (file === start) return true;
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(...(graph.get(file) ?? []));
    }
    return false;
  };
  return [...graph.keys()]
    .filter(onCycle)
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/**
 * Type-only cycles allowed to stay; the test fails when another appears. The context owns its object
 * database, and the database's store keeps its context (a promisor fetch reads the repository's config):
 * types only, erased at run time.
 */
const knownTypeCycles = [
  'git/git-context.ts',
  'git/object-database/object-database.ts',
  'git/object-database/object-store.ts',
];

describe('layering (DESIGN.md, Architecture): the lint rules that check it', function () {
  let eslint: ESLint;
  before(() => {
    // Only what the probes are about: their imports are unused on purpose.
    eslint = new ESLint({
      cwd: root,
      overrideConfig: { rules: { '@typescript-eslint/no-unused-vars': 'off' } },
    });
  });

  it('keeps src/core pure: no node:*, no isomorphic-git, no chalk or listr2, nothing from the adapters', async () => {
    const inCore = [
      `import fs from 'node:fs';`,
      `import chalk from 'chalk';`,
      `import { Listr } from 'listr2';`,
      `const git = await import('isomorphic-git');`,
      `import type { X } from '${someFileIn('git', 'core')}';`,
      `import { y } from '${someFileIn('jobs', 'core')}';`,
      `import { z } from '${someFileIn('report', 'core')}';`,
      `import { w } from '${someFileIn('core', 'core')}';`,
    ];
    expect(await rejected(eslint, 'core/probe.ts', inCore)).to.deep.equal(inCore.slice(0, -1));
  });

  it('lets only src/report import chalk and listr2', async () => {
    const lines = [`import chalk from 'chalk';`, `const { Listr } = await import('listr2');`];
    for (const folder of ['git', 'jobs', 'config', 'errors', 'workflows', 'commands', 'cli']) {
      expect(await rejected(eslint, `${folder}/probe.ts`, lines), folder).to.deep.equal(lines);
    }
    expect(await rejected(eslint, 'report/sub/probe.ts', lines)).to.deep.equal([]);
  });

  it('lets only src/git import isomorphic-git', async () => {
    const lines = [
      `import git from 'isomorphic-git';`,
      `const http = await import('isomorphic-git/http/node');`,
    ];
    for (const folder of ['jobs', 'config', 'report', 'workflows', 'commands', 'cli']) {
      expect(await rejected(eslint, `${folder}/probe.ts`, lines), folder).to.deep.equal(lines);
    }
    expect(await rejected(eslint, 'git/sub/probe.ts', lines)).to.deep.equal([]);
  });

  it('keeps the flow one way: adapters never import workflows, commands or the CLI', async () => {
    for (const folder of ['git', 'jobs', 'config', 'errors', 'report', 'result-cache', 'merge-memo']) {
      const upward = ['workflows', 'commands', 'cli'].map(
        (up, i) => `import { x${i} } from '${someFileIn(up, folder)}';`,
      );
      expect(await rejected(eslint, `${folder}/probe.ts`, upward), folder).to.deep.equal(upward);
    }
    for (const folder of ['git', 'jobs', 'config', 'errors', 'result-cache', 'merge-memo']) {
      const rendering = [`import { x } from '${someFileIn('report', folder)}';`];
      expect(await rejected(eslint, `${folder}/probe.ts`, rendering), folder).to.deep.equal(rendering);
    }
    const fromWorkflow = ['commands', 'cli', 'report', 'git', 'core'].map(
      (down, i) => `import { x${i} } from '${someFileIn(down, 'workflows')}';`,
    );
    expect(await rejected(eslint, 'workflows/probe.ts', fromWorkflow)).to.deep.equal(
      fromWorkflow.slice(0, 2),
    );
  });

  it('finds an import cycle', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-cycle-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), `import { b } from './b.js';\nexport const a = () => b;\n`);
      fs.writeFileSync(path.join(dir, 'b.ts'), `import { a } from './a.js';\nexport const b = () => a;\n`);
      const inDir = new ESLint({ cwd: dir, overrideConfigFile: path.join(root, 'eslint.config.js') });
      const results = await inDir.lintFiles(['a.ts', 'b.ts']);
      const rules = results.map((result) => result.messages.map((message) => message.ruleId));
      expect(rules).to.deep.equal([['import-x/no-cycle'], ['import-x/no-cycle']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no import cycle in src, type-only imports included (the lint rule follows runtime imports)', () => {
    expect(filesOnCycles()).to.deep.equal(knownTypeCycles);
  });

  it('keeps the result cache in one folder: nothing else uses git notes', async () => {
    const notes = (from: string) => [`import { x } from '${someFileIn('git/notes', from)}';`];
    for (const folder of ['workflows', 'jobs', 'core', 'commands']) {
      expect(await rejected(eslint, `${folder}/probe.ts`, notes(folder)), folder).to.deep.equal(
        notes(folder),
      );
    }
    expect(await rejected(eslint, 'result-cache/probe.ts', notes('result-cache'))).to.deep.equal([]);
  });

  it('keeps src/git in folders named by what they own, at its root only the context and two ways to open it', () => {
    const git = path.join(src, 'git');
    const entries = fs.readdirSync(git, { withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    expect(files.sort()).to.deep.equal(['git-context.ts', 'open-git-context.ts', 'open-repository.ts']);
    expect(
      entries
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort(),
    ).to.deep.equal([
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
    const offending = relativeImports().filter(({ file, spec }) => owned(file) && outside(file, spec));
    expect(offending.filter(({ spec }) => !spec.endsWith('/errors/specgate-error.js'))).to.deep.equal([]);
  });
});
