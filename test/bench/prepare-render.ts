import type { PrepareMeasurement } from './measure-prepare.js';

/** The measurement of {@link measurePrepare} as a plain-text table, ratios against the warm install. */
export function prepareRender(m: PrepareMeasurement): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
  const pct = (ms: number): string => `${((ms / m.warmInstall.ms) * 100).toFixed(1)} %`;
  const own = (sample: PrepareMeasurement['warmInstall']): string =>
    sample.commandMs === undefined ? '' : ` (npm ci ${(sample.commandMs / 1000).toFixed(1)} s)`;
  const rows: Array<[string, string, string]> = [
    [`miss, empty npm cache${own(m.coldInstall)}`, s(m.coldInstall.ms), pct(m.coldInstall.ms)],
    [`miss, warm npm cache${own(m.warmInstall)}`, s(m.warmInstall.ms), '100 %'],
    ...m.hits.map((hit, i): [string, string, string] => [
      `hit ${i + 1} (${hit.placement ?? '?'})`,
      s(hit.ms),
      pct(hit.ms),
    ]),
    ...m.copyHits.map((hit, i): [string, string, string] => [
      `hit ${i + 1}, forced copy`,
      s(hit.ms),
      pct(hit.ms),
    ]),
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  const lines = [
    `prepare: node_modules of ${m.packages} packages, ${m.files.toLocaleString('en-US')} files, ${m.directories.toLocaleString('en-US')} directories, ${(m.bytes / 2 ** 20).toFixed(0)} MiB`,
    `${'measurement'.padEnd(width)}  ${'time'.padStart(9)}  of warm install`,
    ...rows.map(([name, time, ratio]) => `${name.padEnd(width)}  ${time.padStart(9)}  ${ratio.padStart(8)}`),
    `worst hit / warm install: ${m.worstRatio.toFixed(3)} (target < 0.100: ${m.worstRatio < 0.1 ? 'met' : 'NOT met'})`,
    ...m.errors.map((error) => `ERROR ${error}`),
  ];
  return `${lines.join('\n')}\n`;
}
