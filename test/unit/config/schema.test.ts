import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { configJsonSchema } from '../../../scripts/config-json-schema.js';
import { validateConfig } from '../../../src/config/validate-config.js';

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
    for (const mode of schema.properties['merge-mode'].enum) expect(validateConfig({ 'merge-mode': mode }).problems).to.deep.equal([]);
    expect(validateConfig({ 'merge-mode': 'rebase' }).problems).to.have.length(1);
  });

  it('lists, at every level, keys that the validator accepts and none that it rejects', () => {
    const job = { run: 'x' };
    for (const key of Object.keys(schema.$defs.job.properties)) {
      const unknown = validateConfig({ jobs: { j: { ...job, [key]: Symbol('wrong type') } } }).problems;
      expect(unknown.map((p) => p.path), key).to.deep.equal([`jobs.j.${key}`]);
      expect(unknown[0].message, key).not.to.match(/unknown key/);
    }
    for (const key of Object.keys(schema.properties)) {
      const problems = validateConfig({ [key]: Symbol('wrong type') }).problems;
      expect(problems.map((p) => p.message).join(), key).not.to.match(/unknown key/);
    }
    expect(validateConfig({ bogus: 1 }).problems[0].message).to.match(/^unknown key/);
  });
});
