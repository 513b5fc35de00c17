const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `critical` with SIGINT, SIGTERM and SIGHUP held back: the process's own handlers (which abort the
 * run, or on a second Ctrl-C exit at once) are set aside and every signal that arrives is only recorded, so
 * that a short section that must not stop half-way (a working tree, an index and a ref moved together) runs
 * to its end. The handlers are put back afterwards, whatever happened.
 *
 * @returns what `critical` returned and the signals that arrived meanwhile, for the caller to honour.
 */
export async function deferSignals<T>(critical: () => Promise<T>): Promise<{ value: T; signals: string[] }> {
  const saved = SIGNALS.map((signal) => ({ signal, listeners: process.listeners(signal) }));
  const signals: string[] = [];
  const record = (signal: NodeJS.Signals): void => {
    signals.push(signal);
  };
  for (const { signal, listeners } of saved) {
    // The recorder comes first, so that the signal is never without a listener.
    process.on(signal, record);
    for (const listener of listeners) process.off(signal, listener);
  }
  try {
    const value = await critical();
    // A signal that came while the section ran without yielding is still waiting in the event loop: let it
    // reach the recorder, before the handlers are put back.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { value, signals };
  } finally {
    for (const { signal, listeners } of saved) {
      // The handlers go back before the recorder goes: a signal without any listener would be lost (Node
      // stops watching it) or kill the process.
      for (const listener of listeners) process.on(signal, listener);
      process.off(signal, record);
    }
  }
}
