#!/usr/bin/env node
import { readFileSync } from 'node:fs';
// oclif's subpath modules, not its index: the index loads every part of oclif, and semver for a check of
// the Node.js version that our own `engines` makes moot.
import { flush } from '@oclif/core/flush';
import { handle } from '@oclif/core/handle';
import { run } from '@oclif/core/run';
import { hoistGlobalFlags } from '../dist/cli/hoist-global-flags.js';
import { ignoreClosedPipes } from '../dist/cli/ignore-closed-pipes.js';
import { reportEscapedError } from '../dist/cli/report-escaped-error.js';

let args = process.argv.slice(2);
// Global flags before the command (`specgate -C dir gate x`): oclif would take `-C` for the command.
if (args[0]?.startsWith('-')) {
  const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8'));
  args = hoistGlobalFlags(
    args,
    Object.keys(manifest.commands).map((id) => id.split(':')),
  );
}

const escaped = (error) => {
  const status = reportEscapedError(error, { argv: args });
  if (status === undefined) return handle(error);
  process.exit(status);
};
ignoreClosedPipes();
process.on('uncaughtException', escaped);
process.on('unhandledRejection', escaped);

try {
  await run(args, import.meta.url);
  await flush();
} catch (error) {
  await escaped(error);
}
