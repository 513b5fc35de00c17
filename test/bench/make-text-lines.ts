import type { Random } from './create-random.js';

const WORDS = [
  'alpha',
  'bravo',
  'cache',
  'delta',
  'event',
  'field',
  'graph',
  'index',
  'queue',
  'merge',
  'state',
  'value',
  'tree',
  'blob',
  'commit',
  'branch',
  'parent',
  'result',
  'config',
  'target',
  'window',
  'change',
  'record',
  'buffer',
  'stream',
  'signal',
  'vector',
  'matrix',
  'filter',
  'mapper',
  'reduce',
  'select',
  'insert',
  'update',
  'delete',
  'return',
  'struct',
  'object',
  'string',
  'number',
  'symbol',
  'module',
  'export',
  'import',
  'define',
  'render',
  'layout',
  'socket',
  'client',
  'server',
  'worker',
  'thread',
  'method',
  'handle',
  'report',
  'verify',
  'gate',
  'plan',
  'check',
  'jobs',
  'speculative',
  'future',
  'present',
  'past',
];

/**
 * Returns `count` lines of pseudo-source text (30–90 characters each, no newline), practically all
 * distinct, so that line-wise diffs and merges behave as they do on real code.
 */
export function makeTextLines(random: Random, count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = random.int(30, 90);
    let line = '  '.repeat(random.int(0, 3));
    while (line.length < length)
      line += `${random.pick(WORDS)}${random.chance(0.15) ? '(' + random.int(0, 999) + ')' : ''} `;
    lines.push(line.trimEnd());
  }
  return lines;
}
