import type { MeasuredRun } from './run-measured.js';

/**
 * Runs the measured command (`subject`) and its reference `runs` times each, alternating which goes first
 * (ABBA…) so that machine noise and warm caches hit both alike. A side that timed out is not run again:
 * it would only time out again.
 */
export async function interleaveRuns(args: {
  runs: number;
  subject: (run: number) => Promise<MeasuredRun>;
  reference: (run: number) => Promise<MeasuredRun>;
  log: (message: string) => void;
  label: string;
}): Promise<{ subject: MeasuredRun[]; reference: MeasuredRun[] }> {
  const subject: MeasuredRun[] = [];
  const reference: MeasuredRun[] = [];
  const step = async (run: number, which: 'subject' | 'reference'): Promise<void> => {
    const samples = which === 'subject' ? subject : reference;
    if (samples.some((sample) => sample.timedOut)) return;
    const sample = await (which === 'subject' ? args.subject : args.reference)(run);
    samples.push(sample);
    const what = which === 'subject' ? 'specgate' : 'git';
    args.log(
      `${args.label} run ${run + 1}/${args.runs}: ${what} ${sample.timedOut ? 'TIMED OUT after' : 'took'} ${(sample.ms / 1000).toFixed(3)} s, max RSS ${Number.isNaN(sample.maxRssKb) ? '?' : Math.round(sample.maxRssKb / 1024)} MiB`,
    );
  };
  for (let run = 0; run < args.runs; run++) {
    const order: ('subject' | 'reference')[] =
      run % 2 === 0 ? ['subject', 'reference'] : ['reference', 'subject'];
    for (const which of order) await step(run, which);
  }
  return { subject, reference };
}
