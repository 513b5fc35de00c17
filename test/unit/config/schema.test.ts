import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { configJsonSchema } from '../../../scripts/config-json-schema.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { configValues } from './config-values.js';

const root = path.join(import.meta.dirname, '..', '..', '..');
const committed = fs.readFileSync(path.join(root, 'schema', 'specgate.schema.json'), 'utf8');
const schema = JSON.parse(committed);

describe('the published JSON Schema', () => {
  it('is shipped in the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.files).to.include('schema');
  });

  it('is the one generated from the schema the validator uses (npm run schema rewrites it)', () => {
    expect(committed).to.equal(configJsonSchema());
  });

  it('is a 2020-12 schema that closes every mapping and keeps jobs under $defs', () => {
    expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).to.equal(false);
    expect(schema.properties.jobs.additionalProperties).to.deep.equal({ $ref: '#/$defs/job' });
    expect(schema.$defs.job.additionalProperties).to.equal(false);
    expect(schema.properties.prepare.items.required).to.deep.equal(['run', 'key', 'paths']);
    expect(schema.$defs.job.properties.timeout).to.include({ type: 'number', exclusiveMinimum: 0 });
  });

  it('offers the merge modes the validator accepts', () => {
    for (const mode of schema.properties['merge-mode'].enum)
      expect(validateConfig({ 'merge-mode': mode }).problems).to.deep.equal([]);
    expect(validateConfig({ 'merge-mode': 'rebase' }).problems).to.have.length(1);
  });

  it('lists, at every level, keys that the validator accepts and none that it rejects', () => {
    const job = { run: 'x' };
    for (const key of Object.keys(schema.$defs.job.properties)) {
      const unknown = validateConfig({ jobs: { j: { ...job, [key]: Symbol('wrong type') } } }).problems;
      expect(
        unknown.map((p) => p.path),
        key,
      ).to.deep.equal([`jobs.j.${key}`]);
      expect(unknown[0].message, key).not.to.match(/unknown key/);
    }
    for (const key of Object.keys(schema.properties)) {
      const problems = validateConfig({ [key]: Symbol('wrong type') }).problems;
      expect(problems.map((p) => p.message).join(), key).not.to.match(/unknown key/);
    }
    expect(validateConfig({ bogus: 1 }).problems[0].message).to.match(/^unknown key/);
  });

  it('accepts and rejects what the validator does (Ajv as the oracle)', () => {
    const check = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    const accepted = [
      {},
      { target: 'trunk', 'merge-mode': 'squash-merge', 'allow-circular-dependencies': true },
      {
        prepare: [{ run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] }],
        jobs: {
          base: { abstract: true, run: 'make', env: { A: '1', B: 2, C: false } },
          unit: { parent: 'base', timeout: 0.5, attempts: 2, voting: false, cache: false, cwd: 'pkg' },
          lint: { run: 'eslint', dependencies: ['unit', { name: 'base', soft: true }], files: ['src/**'] },
          docs: { run: 'make docs', 'irrelevant-files': ['**/*.ts'], description: 'the docs' },
        },
        pipelines: { check: ['unit'], gate: [] },
      },
    ];
    const rejected = [
      [],
      { targte: 'main' },
      { target: '' },
      { 'merge-mode': 'rebase' },
      { 'allow-circular-dependencies': 'yes' },
      { jobs: [] },
      { jobs: { a: { run: '  ' } } },
      { jobs: { a: { run: 'x', timeout: 0 } } },
      { jobs: { a: { run: 'x', attempts: 1.5 } } },
      { jobs: { a: { run: 'x', attempts: 0 } } },
      { jobs: { a: { run: 'x', env: { A: null } } } },
      { jobs: { a: { run: 'x', dependencies: [{ name: 'b', hard: true }] } } },
      { jobs: { a: { run: 'x', dependencies: [{ soft: true }] } } },
      { jobs: { a: { run: 'x', cwd: '' } } },
      { jobs: { a: { run: 'x', files: 'src/**' } } },
      { jobs: { a: { run: 'x', command: 'y' } } },
      { pipelines: { nightly: [] } },
      { pipelines: { check: [1] } },
      { prepare: [{ run: 'npm ci', key: [], paths: ['node_modules'] }] },
      { prepare: [{ run: 'npm ci', key: ['k'] }] },
    ];
    for (const config of accepted) {
      expect(validateConfig(config).problems, JSON.stringify(config)).to.deep.equal([]);
      expect(check(config), JSON.stringify(check.errors)).to.equal(true);
    }
    for (const config of rejected) {
      expect(validateConfig(config).problems, JSON.stringify(config)).not.to.deep.equal([]);
      expect(check(config), JSON.stringify(config)).to.equal(false);
    }
    // The one rule an editor cannot check: a job needs `run` unless it is abstract or has a parent.
    expect(check({ jobs: { a: {} } })).to.equal(true);
    expect(validateConfig({ jobs: { a: {} } }).problems.map((p) => p.path)).to.deep.equal(['jobs.a.run']);
  });

  it('agrees with the validator on generated configurations (property)', () => {
    const check = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    const value = configValues();
    const jobKeys = Object.keys(schema.$defs.job.properties);
    const job = fc.tuple(
      fc.dictionary(fc.constantFrom(...jobKeys, 'bogus'), value, { maxKeys: 4 }),
      fc.constantFrom('true', ' ', 5),
    );
    const jobs = fc.dictionary(
      fc.constantFrom('unit', 'check', 'gate'),
      job.map(([fields, run]) => ({ ...fields, run })),
      {
        maxKeys: 2,
      },
    );
    const config = fc.dictionary(
      fc.constantFrom(...Object.keys(schema.properties), 'bogus'),
      fc.oneof(value, jobs),
      { maxKeys: 3 },
    );
    let accepted = 0;
    fc.assert(
      fc.property(config, (raw) => {
        // Every generated job has a `run`, so the one rule beside the schema never decides.
        const valid = validateConfig(raw).problems.length === 0;
        if (valid) accepted++;
        expect(check(raw), JSON.stringify(validateConfig(raw).problems)).to.equal(valid);
      }),
      { numRuns: 2000 },
    );
    // Both answers are exercised (about a quarter of the configurations generated are valid).
    expect(accepted).to.be.within(100, 1900);
  });
});
