import fs from 'node:fs';
import path from 'node:path';
import { configCheckSource } from './config-check-source.js';
import { configJsonSchema } from './config-json-schema.js';

// `npm run schema`: rewrites the shipped JSON Schema from the config schema, and the precompiled check from
// the JSON Schema; a unit test fails until both are.
const root = path.join(import.meta.dirname, '..');
const schema = configJsonSchema();
const files = {
  [path.join(root, 'schema', 'specgate.schema.json')]: schema,
  [path.join(root, 'src', 'config', 'check-config-file.ts')]: await configCheckSource(schema),
};
for (const [file, text] of Object.entries(files)) {
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
