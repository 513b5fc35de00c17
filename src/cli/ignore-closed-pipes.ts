/**
 * A reader that goes away (`specgate check 2>&1 | head -1`) changes nothing but the output (DESIGN.md,
 * "Where people run it"): the run goes on, cleans up and exits with its verdict's status. A write to a
 * closed pipe fails with EPIPE, which Node emits as an `error` event on the stream; without a listener it
 * would escape as a crash (exit 3). Later writes to the destroyed stream fail the same way and are dropped
 * too. Any other error of the stream is still an error.
 */
export function ignoreClosedPipes(streams: NodeJS.WritableStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
}
