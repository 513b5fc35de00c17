import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';

const workflows = path.join(import.meta.dirname, '..', '..', '..', 'src', 'workflows');

/** Every import of every workflow file: its specifier, and whether it imports types only. */
function workflowImports(): Array<{ file: string; spec: string; typeOnly: boolean; dynamic: boolean }> {
  const found: Array<{ file: string; spec: string; typeOnly: boolean; dynamic: boolean }> = [];
  for (const name of fs.readdirSync(workflows).filter((entry) => entry.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(workflows, name), 'utf8');
    for (const match of text.matchAll(
      /(?:^|\n)\s*(import|export)(\s+type)?\b[^'";]*?from\s+['"]([^'"]+)['"]/g,
    )) {
      found.push({ file: name, spec: match[3], typeOnly: match[2] !== undefined, dynamic: false });
    }
    for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      found.push({ file: name, spec: match[1], typeOnly: false, dynamic: true });
    }
  }
  return found;
}

/**
 * Modules that make an adapter (open a repository, spawn jobs, make directories, load configuration):
 * only the composition root (src/cli/create-adapters.ts) calls them; workflows get what they make.
 */
const ADAPTER_FACTORIES = [
  '../config/read-config.js',
  '../config/load-config-file.js',
  '../jobs/run-job-graph.js',
  '../jobs/run-job.js',
  '../jobs/prepare-workspace.js',
  '../jobs/create-limiter.js',
  '../jobs/create-run-log-dir.js',
  '../jobs/create-work-dir.js',
  '../result-cache/create-result-cache.js',
  '../result-cache/open-result-cache.js',
  '../result-cache/git-notes-access.js',
  '../merge-memo/open-merge-memo.js',
];

describe('injection (STYLE.md rule 4): workflows receive their adapters in one object', () => {
  const all = workflowImports();

  it('no workflow imports node:fs, node:fs/promises, node:os or node:child_process', () => {
    const offending = all.filter(({ spec }) => /^(node:)?(fs|fs\/promises|os|child_process)$/.test(spec));
    expect(offending).to.deep.equal([]);
  });

  it('no workflow imports a git function: only types from src/git (the repository comes in the adapters)', () => {
    const offending = all.filter(({ spec, typeOnly }) => spec.startsWith('../git/') && !typeOnly);
    expect(offending).to.deep.equal([]);
  });

  it('no workflow constructs an adapter itself: the factories are called by the composition root', () => {
    const offending = all.filter(({ spec, typeOnly }) => ADAPTER_FACTORIES.includes(spec) && !typeOnly);
    expect(offending).to.deep.equal([]);
  });

  it("no workflow loads a module on its own (lazy loading is the composition root's)", () => {
    expect(all.filter(({ dynamic }) => dynamic)).to.deep.equal([]);
  });

  it("every workflow has a unit test (test/unit/workflows/<name>.test.ts), but the adapters' types", () => {
    const tests = path.join(import.meta.dirname, '..', 'workflows');
    const untested = fs
      .readdirSync(workflows)
      .filter((name) => name.endsWith('.ts') && name !== 'adapters.ts')
      .filter((name) => !fs.existsSync(path.join(tests, name.replace(/\.ts$/, '.test.ts'))));
    expect(untested).to.deep.equal([]);
  });

  it('the scan sees the imports it checks (a regex that matched nothing would pass everything)', () => {
    expect(
      all.some(({ file, spec, typeOnly }) => file === 'open-run.ts' && spec === './adapters.js' && typeOnly),
    ).to.equal(true);
    expect(
      all.some(
        ({ file, spec, typeOnly }) => file === 'open-run.ts' && spec === './resolve-queue.js' && !typeOnly,
      ),
    ).to.equal(true);
  });
});
