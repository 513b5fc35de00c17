import { expect } from 'chai';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { scanProcessTable } from '../../../src/jobs/scan-process-table.js';
import { cleanup, tempDir } from './job-fixtures.js';

/** A fake /proc entry: a stat line (state, pgrp, start time) and an environment. */
async function fakeProcess(
  procDir: string,
  pid: number,
  fields: { state?: string; pgrp: number; env: string[] },
): Promise<void> {
  const dir = path.join(procDir, String(pid));
  await mkdir(dir, { recursive: true });
  // Fields after the command: state ppid pgrp … starttime is the 20th of them (field 22 of proc(5)).
  const after = [
    fields.state ?? 'S',
    '1',
    String(fields.pgrp),
    ...Array.from({ length: 16 }, () => '0'),
    `${pid}00`,
    '0',
  ];
  await writeFile(path.join(dir, 'stat'), `${pid} (sh (x) y) ${after.join(' ')}\n`);
  await writeFile(path.join(dir, 'environ'), `${fields.env.join('\0')}\0`);
}

describe('scanProcessTable', function () {
  after(cleanup);

  it('serves every call of one turn of the event loop with one scan, matching each cookie asked', async function () {
    const procDir = await tempDir();
    const jobs = 40;
    for (let i = 0; i < jobs; i++) {
      await fakeProcess(procDir, 1000 + i, {
        pgrp: 1000 + i,
        env: ['HOME=/root', `SPECGATE_COOKIE=outer cookie${i}`],
      });
    }
    await fakeProcess(procDir, 2000, { pgrp: 2000, env: ['SPECGATE_COOKIE=cookie1x'] });
    await fakeProcess(procDir, 2001, { pgrp: 2001, state: 'Z', env: ['SPECGATE_COOKIE=cookie1'] });
    const tables = await Promise.all([
      ...Array.from({ length: jobs }, (_, i) => scanProcessTable({ cookies: [`cookie${i}`], procDir })),
      scanProcessTable({ procDir }),
    ]);
    expect(new Set(tables.map((t) => t.scan)).size).to.equal(1);
    const { processes } = tables[0];
    // The zombie is no running process; the others are all seen, with their group and start time.
    expect(processes.map((p) => p.pid).sort()).to.deep.equal([
      ...Array.from({ length: jobs }, (_, i) => 1000 + i),
      2000,
    ]);
    const first = processes.find((p) => p.pid === 1001)!;
    expect(first).to.deep.include({ pgrp: 1001, startTime: '100100', cookies: ['cookie1'] });
    // A cookie is a whole word: cookie1x is not cookie1.
    expect(processes.find((p) => p.pid === 2000)!.cookies).to.deep.equal([]);
    // A later call gets a scan of its own, which sees what happened meanwhile.
    await fakeProcess(procDir, 3000, { pgrp: 3000, env: ['SPECGATE_COOKIE=late'] });
    const later = await scanProcessTable({ cookies: ['late'], procDir });
    expect(later.scan).to.be.greaterThan(tables[0].scan);
    expect(later.processes.find((p) => p.pid === 3000)!.cookies).to.deep.equal(['late']);
  });

  it('sees nothing where there is no proc file system', async function () {
    const table = await scanProcessTable({ cookies: ['c'], procDir: '/nonexistent-proc' });
    expect(table.processes).to.deep.equal([]);
  });
});
