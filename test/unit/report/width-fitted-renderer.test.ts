import { PassThrough } from 'node:stream';

import { expect } from 'chai';

import { createProgress, type ProgressStream } from '../../../src/report/create-progress.js';

/** Sets `stream.columns` for the test (an own property, as a tty has), and gives back how to undo it. */
function setColumns(stream: NodeJS.WriteStream, columns: number): () => void {
  const own = Object.getOwnPropertyDescriptor(stream, 'columns');
  Object.defineProperty(stream, 'columns', { value: columns, configurable: true, writable: true });
  return () => {
    if (own) Object.defineProperty(stream, 'columns', own);
    else delete (stream as { columns?: number }).columns;
  };
}

describe('the live view on a terminal reporting 0 columns', () => {
  it('wraps at 80 columns, not after every character, and leaves process.stdout.columns as it was', async () => {
    const restore = [setColumns(process.stdout, 0), setColumns(process.stderr, 0)];
    const previous = process.env.COLUMNS;
    delete process.env.COLUMNS;
    try {
      const stream: ProgressStream = Object.assign(new PassThrough(), { columns: 0, rows: 60, isTTY: true });
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      const progress = await createProgress({ stream, interactive: true });
      const target = { ref: 'main', sha: '0123456789abcdef0123456789abcdef01234567' };
      progress.queued?.(
        [{ id: 'feature-with-a-name', sha: 'a'.repeat(40), dependsOn: [], pulledIn: false }],
        target,
      );
      progress.changeFinished?.({
        id: 'feature-with-a-name',
        sha: 'a'.repeat(40),
        result: 'SUCCESS',
        dependsOn: [],
        includes: ['feature-with-a-name'],
        message: 'no job applies; nothing ran',
        jobs: [],
      });
      await progress.stop();
      const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
      expect(plain).to.include('feature-with-a-name  SUCCESS');
      expect(process.stdout.columns).to.equal(0);
    } finally {
      if (previous !== undefined) process.env.COLUMNS = previous;
      for (const undo of restore) undo();
    }
  });
});
