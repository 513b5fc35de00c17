import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/** A running `filter.<driver>.process`, after a successful handshake. */
export interface FilterProcess {
  /**
   * Sends one file through the filter (`command=smudge`, or `clean`), with the metadata git sends on
   * checkout. Requests are queued: the protocol handles one file at a time.
   *
   * @returns the filtered content, or undefined when the filter answered `error` or `abort` (after `abort`
   *   it is never asked again for that command), did not support the command, or broke the protocol
   *   (then the process is stopped, and the next request starts a new one).
   */
  filter(
    command: 'smudge' | 'clean',
    request: { path: string; content: Buffer; treeish?: string; blob?: string },
  ): Promise<Buffer | undefined>;
  /** Closes the filter's standard input and waits for it to exit (git's last words to a filter). */
  close(): Promise<void>;
}

/** The payload git puts in one packet at most (`LARGE_PACKET_DATA_MAX`). */
const MAX_PACKET_DATA = 65520 - 4;

/**
 * Starts the long-running filter `command` (through `/bin/sh`, in `cwd`) lazily on the first request and
 * speaks git's long-running process protocol to it (gitprotocol-common, gitattributes "Long Running Filter
 * Process"): pkt-lines, the `git-filter-client`/`version=2` handshake, the `clean`/`smudge` capabilities,
 * then per file `command=`, `pathname=`, `treeish=`, `blob=`, a flush, the content and a flush, answered by
 * a status list, the content and a final status list (an empty one keeps the first status). A process that
 * fails to start, to shake hands or in the middle of a file counts as a failed file, as git counts it.
 */
export function startFilterProcess(args: { command: string; cwd: string }): FilterProcess {
  let running: Promise<Connection | undefined> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  // After close, no request may start a process that nobody would stop.
  let closed = false;
  const get = (): Promise<Connection | undefined> => {
    running ??= Connection.start(args.command, args.cwd);
    return running;
  };
  return {
    filter(command, request) {
      const result = queue.then(async () => {
        if (closed) return undefined;
        const connection = await get();
        if (!connection) {
          // git retries a failed start on the next file; so do we.
          running = undefined;
          return undefined;
        }
        const outcome = await connection.request(command, request);
        if (outcome === 'broken') {
          connection.kill();
          running = undefined;
          return undefined;
        }
        return outcome;
      });
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      closed = true;
      await queue;
      const connection = await running;
      running = undefined;
      await connection?.close();
    },
  };
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private waiting: (() => void) | undefined;
  private readonly exited: Promise<void>;
  private capabilities = new Set<string>();

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    child.stdout.on('end', () => {
      this.ended = true;
      this.wake();
    });
    child.stdin.on('error', () => undefined);
    child.stderr.pipe(process.stderr, { end: false });
    this.exited = new Promise((resolve) => child.on('close', () => resolve()));
  }

  static async start(command: string, cwd: string): Promise<Connection | undefined> {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn('/bin/sh', ['-c', command], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch {
      return undefined;
    }
    const spawned = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', () => resolve(false));
    });
    if (!spawned) return undefined;
    const connection = new Connection(child);
    try {
      connection.write(['git-filter-client\n', 'version=2\n']);
      const welcome = await connection.readList();
      if (welcome[0] !== 'git-filter-server' || !welcome.slice(1).includes('version=2'))
        throw new Error('bad welcome');
      connection.write(['capability=clean\n', 'capability=smudge\n', 'capability=delay\n']);
      for (const line of await connection.readList()) {
        if (line.startsWith('capability=')) connection.capabilities.add(line.slice('capability='.length));
      }
      return connection;
    } catch {
      connection.kill();
      return undefined;
    }
  }

  async request(
    command: 'smudge' | 'clean',
    request: { path: string; content: Buffer; treeish?: string; blob?: string },
  ): Promise<Buffer | undefined | 'broken'> {
    if (!this.capabilities.has(command)) return undefined;
    try {
      const header = [`command=${command}\n`, `pathname=${request.path}\n`];
      if (request.treeish) header.push(`treeish=${request.treeish}\n`);
      if (request.blob) header.push(`blob=${request.blob}\n`);
      this.write(header);
      const packets: Buffer[] = [];
      for (let i = 0; i < request.content.length; i += MAX_PACKET_DATA) {
        packets.push(request.content.subarray(i, i + MAX_PACKET_DATA));
      }
      this.write(packets);
      let status = lastStatus(await this.readList(), undefined);
      if (status !== 'success') return this.failed(command, status);
      const content: Buffer[] = [];
      for (let packet = await this.readPacket(); packet !== null; packet = await this.readPacket())
        content.push(packet);
      status = lastStatus(await this.readList(), status);
      if (status !== 'success') return this.failed(command, status);
      return Buffer.concat(content);
    } catch {
      return 'broken';
    }
  }

  private failed(command: string, status: string | undefined): undefined | 'broken' {
    if (status === 'error') return undefined;
    if (status === 'abort') {
      this.capabilities.delete(command);
      return undefined;
    }
    return 'broken';
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    await this.exited;
  }

  kill(): void {
    this.child.stdin.destroy();
    this.child.kill('SIGTERM');
  }

  /** Writes each item as one pkt-line, then a flush packet. */
  private write(items: (string | Buffer)[]): void {
    const chunks: Buffer[] = [];
    for (const item of items) {
      const data = typeof item === 'string' ? Buffer.from(item, 'utf8') : item;
      chunks.push(Buffer.from((data.length + 4).toString(16).padStart(4, '0'), 'latin1'), data);
    }
    chunks.push(Buffer.from('0000', 'latin1'));
    this.child.stdin.write(Buffer.concat(chunks));
  }

  /** The text lines up to the next flush packet, each without its trailing LF. */
  private async readList(): Promise<string[]> {
    const lines: string[] = [];
    for (let packet = await this.readPacket(); packet !== null; packet = await this.readPacket()) {
      const text = packet.toString('utf8');
      lines.push(text.endsWith('\n') ? text.slice(0, -1) : text);
    }
    return lines;
  }

  /** One packet's payload, or null for a flush packet. Rejects at end of output or on a malformed packet. */
  private async readPacket(): Promise<Buffer | null> {
    for (;;) {
      if (this.buffer.length >= 4) {
        const hex = this.buffer.toString('latin1', 0, 4);
        if (!/^[0-9a-f]{4}$/i.test(hex)) throw new Error('bad packet length');
        const length = parseInt(hex, 16);
        if (length === 0) {
          this.buffer = this.buffer.subarray(4);
          return null;
        }
        if (length < 4) throw new Error('bad packet length');
        if (this.buffer.length >= length) {
          const payload = this.buffer.subarray(4, length);
          this.buffer = this.buffer.subarray(length);
          return payload;
        }
      }
      if (this.ended) throw new Error('the filter process ended');
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}

/** git's `subprocess_read_status`: the last `status=` of a list wins; none keeps the previous one. */
function lastStatus(lines: string[], previous: string | undefined): string | undefined {
  let status = previous;
  for (const line of lines) if (line.startsWith('status=')) status = line.slice('status='.length);
  return status;
}
