import type { PipelineResult } from '../core/types.js';

const failedJob = new Set(['FAILURE', 'TIMED_OUT', 'ERROR', 'RETRY_LIMIT']);

/**
 * GitHub Actions workflow commands for a run: one line `::error title=specgate: <id> <RESULT>::<message>`
 * per rejected change, in queue order, so that each rejection shows as an annotation on the run. The
 * message is the verdict's explanation, followed by the log path of each failed voting job. As GitHub
 * requires, `%`, `\r` and `\n` are encoded (`%25`, `%0D`, `%0A`) in the message, and additionally `:` and
 * `,` (`%3A`, `%2C`) in the title property; ANSI escapes are stripped. Empty when every change passed.
 */
export function renderAnnotations(result: PipelineResult): string {
  return result.changes
    .filter((change) => change.result !== 'SUCCESS')
    .map((change) => {
      const logs = change.jobs
        .filter((job) => job.voting && failedJob.has(job.result) && job.log)
        .map((job) => `${job.name} log: ${job.log}`);
      const message = [change.message.trim() || change.result, ...logs].join('\n');
      return `::error title=${escapeProperty(`specgate: ${change.id} ${change.result}`)}::${escapeData(message)}\n`;
    })
    .join('');
}

const ansi = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;

function escapeData(value: string): string {
  return value.replace(ansi, '').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
