import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { validateConfig } from '../../../src/config/validate-config.js';

const root = path.join(import.meta.dirname, '..', '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schema', 'specgate.schema.json'), 'utf8'));

/** The key names the validator reports as known, read back from its "unknown key" messages. */
function knownKeys(raw: unknown, at: string): string[] {
  const problem = validateConfig(raw).find((p) => p.path === at)!;
  return /known keys: (.*)\)$/.exec(problem.message)![1].split(', ').sort();
}

describe('the published JSON Schema', () => {
  it('is shipped in the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.files).to.include('schema');
  });

  it('names exactly the keys the validator accepts, at every level', () => {
    expect(Object.keys(schema.properties).sort()).to.deep.equal(knownKeys({ bogus: 1 }, 'bogus'));
    expect(Object.keys(schema.$defs.job.properties).sort()).to.deep.equal(knownKeys({ jobs: { j: { run: 'x', bogus: 1 } } }, 'jobs.j.bogus'));
    expect(Object.keys(schema.properties.prepare.items.properties).sort()).to.deep.equal(
      knownKeys({ prepare: [{ run: 'x', key: ['k'], paths: ['p'], bogus: 1 }] }, 'prepare[0].bogus'),
    );
  });

  it('offers the merge modes the validator accepts', () => {
    for (const mode of schema.properties['merge-mode'].enum) expect(validateConfig({ 'merge-mode': mode })).to.deep.equal([]);
    expect(validateConfig({ 'merge-mode': 'rebase' })).to.have.length(1);
  });
});
