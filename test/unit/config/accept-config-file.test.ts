import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { configCheckSource } from '../../../scripts/config-check-source.js';
import { acceptConfigFile } from '../../../src/config/accept-config-file.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { configValues } from './config-values.js';

const root = path.join(import.meta.dirname, '..', '..', '..');
const schemaText = fs.readFileSync(path.join(root, 'schema', 'specgate.schema.json'), 'utf8');
const schema = JSON.parse(schemaText);

describe('acceptConfigFile (the precompiled check)', () => {
  it('is the one generated from the published JSON Schema (npm run schema rewrites it)', async () => {
    const committed = fs.readFileSync(path.join(root, 'src', 'config', 'check-config-file.ts'), 'utf8');
    expect(committed).to.equal(await configCheckSource(schemaText));
  });

  it('gives what zod gives for valid files, top-level defaults filled in, and leaves its argument alone', () => {
    const files = [
      {},
      { target: 'trunk', 'merge-mode': 'squash-merge', 'allow-circular-dependencies': true },
      {
        prepare: [{ paths: ['node_modules'], run: 'npm ci', key: ['package-lock.json'] }],
        jobs: {
          base: { abstract: true, run: 'make', env: { A: '1', B: 2, C: false } },
          unit: { parent: 'base', timeout: 0.5, attempts: 2, voting: false, cache: false, cwd: 'pkg' },
          lint: { run: 'eslint', dependencies: ['unit', { name: 'base', soft: true }], files: ['src/**'] },
          docs: { run: 'make docs', 'irrelevant-files': ['**/*.ts'], description: 'the docs' },
        },
        pipelines: { check: ['unit'], gate: [] },
      },
    ];
    for (const file of files) {
      const before = structuredClone(file);
      const accepted = acceptConfigFile(file);
      expect(accepted, JSON.stringify(file)).to.deep.equal(validateConfig(file).config);
      expect(accepted).to.include({ 'merge-mode': file['merge-mode'] ?? 'merge' });
      expect(file).to.deep.equal(before);
    }
  });

  it('leaves to zod every file zod rejects, and what only zod tells apart', () => {
    const rejected: unknown[] = [
      [],
      'main',
      { targte: 'main' },
      { jobs: { a: { run: '  ' } } },
      { jobs: { a: { run: 'x', timeout: 0 } } },
      { jobs: { a: { run: 'x', timeout: Number.NaN } } },
      { jobs: { a: { run: 'x', attempts: 1.5 } } },
      { pipelines: { nightly: [] } },
      // The rule beside the schema: a job with nothing to run.
      { jobs: { a: {} } },
      // YAML gives dates and binaries, which are objects to a JSON Schema but not to zod.
      { pipelines: new Date(0) },
      { jobs: { a: { run: 'x', env: new Date(0) } } },
      { jobs: { a: { run: 'x', files: new Uint8Array(1) } } },
    ];
    for (const file of rejected) {
      expect(validateConfig(file).problems, String(file)).not.to.deep.equal([]);
      expect(acceptConfigFile(file), JSON.stringify(file)).to.equal(undefined);
    }
  });

  it('accepts only files zod accepts, and gives zod’s result for them (property)', () => {
    const value = configValues();
    const jobKeys = Object.keys(schema.$defs.job.properties);
    const job = fc.dictionary(fc.constantFrom(...jobKeys, 'bogus'), value, { maxKeys: 4 });
    const jobs = fc.dictionary(fc.constantFrom('unit', 'check', 'gate'), job, { maxKeys: 2 });
    const config = fc.dictionary(
      fc.constantFrom(...Object.keys(schema.properties), 'bogus'),
      fc.oneof(value, jobs),
      { maxKeys: 3 },
    );
    let accepted = 0;
    fc.assert(
      fc.property(config, (raw) => {
        const fast = acceptConfigFile(raw);
        const slow = validateConfig(raw);
        if (fast === undefined) return;
        accepted++;
        expect(slow.problems, JSON.stringify(raw)).to.deep.equal([]);
        expect(fast).to.deep.equal(slow.config);
      }),
      { numRuns: 2000 },
    );
    expect(accepted).to.be.above(100);
  });
});
