import { zodToJsonSchema } from 'zod-to-json-schema';
import { configSchema, jobSchema } from '../src/config/config-schema.js';

/**
 * The text of `schema/specgate.schema.json`, generated from the schema the validator uses
 * (`src/config/config-schema.ts`), so that editors and specgate accept the same files. Emitted as
 * draft-07 keywords (those whose meaning 2020-12 kept) and declared as 2020-12, with jobs under `$defs`.
 */
export function configJsonSchema(): string {
  const { $schema: _draft07, ...generated } = zodToJsonSchema(configSchema, {
    target: 'jsonSchema7',
    definitionPath: '$defs',
    definitions: { job: jobSchema },
  });
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://specgate.dev/schema/specgate.schema.json',
    title: 'specgate configuration',
    description:
      'Configuration of specgate, speculative project gating on one machine ' +
      '(.specgaterc.yml, package.json#specgate, ...).',
    ...generated,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
