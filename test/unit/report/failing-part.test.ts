import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { failingPart } from '../../../src/report/failing-part.js';
import { scratchDir } from '../../helpers/fixture-repo.js';

const mocha = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.bin/mocha');

/** Runs `command` on a test file holding `source`, and returns what it printed (it is expected to fail). */
function output(name: string, source: string, command: (file: string) => string[]): string {
  const dir = scratchDir('specgate-failing-part-');
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  const [bin, ...args] = command(file);
  const run = spawnSync(bin, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(run.status, run.stderr).to.equal(1);
  return run.stdout;
}

describe('failingPart', () => {
  it('picks the not ok blocks of real node:test TAP output, with their diagnostics, and the counts', () => {
    const log = output(
      'a.test.mjs',
      [
        "import { test } from 'node:test';",
        "import assert from 'node:assert/strict';",
        "test('adds numbers', () => assert.equal(1 + 1, 3));",
        'for (let i = 0; i < 300; i++) test(`passes ${i}`, () => {});',
        "test('group', async (t) => {",
        "  await t.test('inner fails', () => { throw new Error('boom inside'); });",
        "  await t.test('inner ok', () => {});",
        '});',
      ].join('\n'),
      (file) => [process.execPath, '--test', '--test-reporter=tap', file],
    );
    // What the tail alone would give: passing tests and the counts, no failing name.
    expect(log.split('\n').slice(-50).join('\n')).to.not.include('adds numbers');

    const part = failingPart(log);
    expect(part).to.include('not ok 1 - adds numbers');
    expect(part).to.include('Expected values to be strictly equal');
    expect(part).to.include('not ok 1 - inner fails');
    expect(part).to.include('boom inside');
    expect(part).to.include('not ok 302 - group');
    expect(part).to.match(/^# fail 3$/m);
    expect(part).to.not.match(/^ok \d+ - passes/m);
    expect(part).to.not.include('inner ok');
    expect(part.split('\n').length).to.be.at.most(200);
  });

  it("picks mocha's failing section of real mocha output", () => {
    const log = output(
      'b.test.mjs',
      [
        "import assert from 'node:assert/strict';",
        "describe('math', () => {",
        "  it('adds', () => assert.equal(1 + 1, 3));",
        '  for (let i = 0; i < 80; i++) it(`passes ${i}`, () => {});',
        '});',
      ].join('\n'),
      (file) => [mocha, '--no-config', '--reporter', 'spec', file],
    );
    const part = failingPart(log);
    expect(part).to.match(/^\s*80 passing/);
    expect(part).to.match(/1 failing/);
    expect(part).to.include('adds');
    expect(part).to.include('AssertionError');
    expect(part).to.not.include('passes 3');
  });

  it('falls back to the last 50 lines, and bounds a long failing part to 200 lines', () => {
    const plain = Array.from({ length: 120 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(failingPart(plain).split('\n')).to.deep.equal(
      Array.from({ length: 50 }, (_, i) => `line ${i + 71}`),
    );
    const many = Array.from(
      { length: 150 },
      (_, i) => `not ok ${i + 1} - t${i}\n  ---\n  error: x\n  ...`,
    ).join('\n');
    const part = failingPart(many).split('\n');
    expect(part).to.have.length(200);
    expect(part[0]).to.equal('not ok 1 - t0');
    expect(part[199]).to.match(/^… \d+ more lines in the log$/);
  });
});
