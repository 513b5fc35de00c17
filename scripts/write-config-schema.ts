import fs from 'node:fs';
import path from 'node:path';
import { configJsonSchema } from './config-json-schema.js';

// `npm run schema`: rewrites the shipped JSON Schema from the config schema; a unit test fails until it is.
const file = path.join(import.meta.dirname, '..', 'schema', 'specgate.schema.json');
fs.writeFileSync(file, configJsonSchema());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
