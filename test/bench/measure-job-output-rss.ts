/**
 * Run in a fresh process by measure-memory.ts: runs one job printing `argv[2]` bytes (zeros, then a
 * line "done") through runJobGraph, with its log in the directory `argv[3]`, and prints as JSON how much
 * RSS grew (at the end and at its peak), the job's result and the size of its log.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Limiter } from '../../src/jobs/create-limiter.js';
import { runJobGraph } from '../../src/jobs/run-job-graph.js';
import { peakRss } from './peak-rss.js';

const [size, dir] = [Number(process.argv[2]), process.argv[3]];
// One job: no pool is needed, so this measures the job runner and nothing else.
const limiter: Limiter = { run: (task) => task() };
const before = process.memoryUsage().rss;
const [outcome] = await runJobGraph({
  jobs: [
    {
      name: 'noisy',
      run: `head -c ${size} /dev/zero; echo; echo done`,
      env: {},
      voting: true,
      attempts: 1,
      dependencies: [],
    },
  ],
  workspace: dir,
  env: {},
  logDir: path.join(dir, 'logs'),
  limiter,
  signal: new AbortController().signal,
});
const after = process.memoryUsage().rss;
const logBytes = outcome.log ? fs.statSync(outcome.log).size : 0;
const figures = { grown: after - before, peakGrown: peakRss() - before, result: outcome.result, logBytes };
console.log(JSON.stringify(figures));
