import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

/** A page loaded in a real headless Chromium, and what the browser said while loading it. */
export interface LoadedPage {
  /** Console errors, uncaught exceptions and the browser's own error entries (a resource that failed). */
  errors: string[];
  /** Every URL the page asked for, the page itself first. */
  requests: string[];
  /** The value of a JavaScript expression evaluated in the page (JSON-serialisable). */
  evaluate<T>(expression: string): Promise<T>;
  /** Writes a PNG of the whole page to `file`. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/** The Chromium binary to use: `$CHROMIUM`, else `chromium` or `chromium-browser` on PATH; undefined if none. */
export function findChromium(): string | undefined {
  for (const candidate of [process.env.CHROMIUM, 'chromium', 'chromium-browser']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/**
 * Opens `file` in headless Chromium and waits for its load event. The Chrome DevTools protocol is spoken
 * over `--remote-debugging-pipe` (NUL-terminated JSON on file descriptors 3 and 4, as puppeteer's `pipe`
 * mode does): no port, no WebSocket, no dependency. Console, Log, Runtime and Network events are listened
 * to from before the navigation, so nothing the page does while loading is missed.
 */
export async function openInBrowser(file: string, chromium: string): Promise<LoadedPage> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-chromium-'));
  const child: ChildProcess = spawn(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;

  type Message = {
    id?: number;
    method?: string;
    params?: Record<string, unknown>;
    result?: unknown;
    error?: unknown;
  };
  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const listeners: Array<(m: Message) => void> = [];
  let buffer = '';
  let nextId = 0;
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
      const message = JSON.parse(buffer.slice(0, end)) as Message;
      buffer = buffer.slice(end + 1);
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (waiter) {
        pending.delete(message.id!);
        if (message.error) waiter.reject(new Error(`CDP: ${JSON.stringify(message.error)}`));
        else waiter.resolve(message);
      } else for (const listener of listeners) listener(message);
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`chromium exited: ${stderr}`));
  });
  const send = (method: string, params: object = {}, sessionId?: string): Promise<Message> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) })}\0`);
    });

  const errors: string[] = [];
  const requests: string[] = [];
  let loaded: () => void = () => {};
  const load = new Promise<void>((resolve) => (loaded = resolve));
  listeners.push((message) => {
    const params = message.params ?? {};
    if (message.method === 'Runtime.consoleAPICalled' && ['error', 'assert'].includes(params.type as string))
      errors.push(`console.${params.type as string}: ${JSON.stringify(params.args)}`);
    if (message.method === 'Runtime.exceptionThrown')
      errors.push(`exception: ${JSON.stringify(params.exceptionDetails)}`);
    if (message.method === 'Log.entryAdded') {
      const entry = params.entry as { level: string; text: string; url?: string };
      if (entry.level === 'error') errors.push(`${entry.text}${entry.url ? ` (${entry.url})` : ''}`);
    }
    if (message.method === 'Network.requestWillBeSent')
      requests.push((params.request as { url: string }).url);
    if (message.method === 'Page.loadEventFired') loaded();
  });

  const created = (await send('Target.createTarget', { url: 'about:blank' })).result as { targetId: string };
  const attached = (await send('Target.attachToTarget', { targetId: created.targetId, flatten: true }))
    .result as { sessionId: string };
  const session = attached.sessionId;
  for (const domain of ['Runtime', 'Log', 'Page', 'Network']) await send(`${domain}.enable`, {}, session);
  await send('Page.navigate', { url: pathToFileURL(file).href }, session);
  await load;

  return {
    errors,
    requests,
    async evaluate<T>(expression: string): Promise<T> {
      const reply = await send('Runtime.evaluate', { expression, returnByValue: true }, session);
      const { result, exceptionDetails } = reply.result as {
        result: { value: T };
        exceptionDetails?: unknown;
      };
      if (exceptionDetails) throw new Error(`evaluate ${expression}: ${JSON.stringify(exceptionDetails)}`);
      return result.value;
    },
    async screenshot(file: string) {
      const reply = await send(
        'Page.captureScreenshot',
        { format: 'png', captureBeyondViewport: true },
        session,
      );
      fs.writeFileSync(file, Buffer.from((reply.result as { data: string }).data, 'base64'));
    },
    async close() {
      // Browser.close ends the process; should it not, it is killed (by its own pid) after a while.
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await send('Browser.close').catch(() => undefined);
      await exited;
      clearTimeout(kill);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
