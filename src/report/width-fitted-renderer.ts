import { DefaultRenderer } from 'listr2';

import { terminalWidth } from './terminal-width.js';

/**
 * listr2's default renderer, wrapping its lines at {@link terminalWidth} of `process.stderr` (where the
 * live view draws) rather than at `process.stdout.columns`, which listr2 reads as is: a terminal
 * reporting 0 columns made it wrap every line after one character, splitting escapes. listr2 offers no
 * option for the width, so `format` sees that width as `process.stdout.columns` while it runs
 * (synchronously; the property is put back before anything else runs).
 */
export class WidthFittedRenderer extends DefaultRenderer {
  protected override format(message: string, icon: string, level: number): string[] {
    const stdout = process.stdout;
    const own = Object.getOwnPropertyDescriptor(stdout, 'columns');
    const columns = terminalWidth({ env: process.env, stream: process.stderr });
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true, writable: true });
    try {
      return super.format(message, icon, level);
    } finally {
      if (own) Object.defineProperty(stdout, 'columns', own);
      else delete (stdout as { columns?: number }).columns;
    }
  }
}
