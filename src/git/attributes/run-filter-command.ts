import { spawn } from 'node:child_process';

/**
 * Runs a `filter.<driver>.smudge` (or `clean`) command on one file's content as git's
 * `apply_single_file_filter` does: `%f` becomes the path, single-quoted for the shell (`%%` is a `%`),
 * the command runs through `/bin/sh` in `cwd` with the content on its standard input, and its standard
 * output is the result. Standard error passes through to specgate's own, as git lets it through.
 *
 * @returns the output, or undefined when the command could not start or exited with a non-zero status
 *   (git then keeps the content as it was, unless the driver is `required`).
 */
export async function runFilterCommand(args: {
  command: string;
  path: string;
  content: Buffer;
  cwd: string;
}): Promise<Buffer | undefined> {
  const command = args.command.replace(/%(.)/gs, (whole, c: string) =>
    c === '%' ? '%' : c === 'f' ? shellQuote(args.path) : whole,
  );
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('/bin/sh', ['-c', command], { cwd: args.cwd, stdio: ['pipe', 'pipe', 'inherit'] });
    } catch {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A filter that stops reading early (EPIPE) is not a failure in itself: its exit status decides.
    child.stdin.on('error', () => undefined);
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(chunks) : undefined));
    child.stdin.end(args.content);
  });
}

/** git's `sq_quote_buf`: `'...'`, each `'` written as `'\''` and each `!` as `'\!'`. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''").replace(/!/g, "'\\!'")}'`;
}
