import { expect } from 'chai';
import fc from 'fast-check';
import { resolveCachedJobs } from '../../../../src/core/jobs/resolve-cached-jobs.js';
import type { JobDefinition, RecordedRun } from '../../../../src/core/types.js';

const job = (name: string, dependencies: JobDefinition['dependencies'] = []): JobDefinition => ({
  name,
  run: `make ${name}`,
  env: {},
  voting: true,
  attempts: 1,
  dependencies,
});
const hard = (...names: string[]) => names.map((name) => ({ name, soft: false }));
const soft = (...names: string[]) => names.map((name) => ({ name, soft: true }));
const hit = (result: RecordedRun['result'], fields: Partial<RecordedRun> = {}): RecordedRun => ({
  result,
  attempts: 1,
  durationMs: 10,
  at: '2024-01-01T00:00:00.000Z',
  ...fields,
});
const resolve = (jobs: JobDefinition[], hits: Record<string, RecordedRun>) => {
  const plan = resolveCachedJobs({ jobs, hits: new Map(Object.entries(hits)) });
  return { served: [...plan.served].sort(), workspaceNeeded: plan.workspaceNeeded };
};

describe('resolveCachedJobs', () => {
  it('serves every job when every job has a recorded run, and needs no workspace', () => {
    const jobs = [job('build'), job('unit', hard('build')), job('lint')];
    expect(
      resolve(jobs, { build: hit('SUCCESS'), unit: hit('SUCCESS'), lint: hit('FAILURE') }),
    ).to.deep.equal({
      served: ['build', 'lint', 'unit'],
      workspaceNeeded: false,
    });
  });

  it('serves nothing and needs a workspace when nothing was recorded', () => {
    expect(resolve([job('build'), job('unit', hard('build'))], {})).to.deep.equal({
      served: [],
      workspaceNeeded: true,
    });
  });

  it('needs no workspace for an empty job list', () => {
    expect(resolve([], {})).to.deep.equal({ served: [], workspaceNeeded: false });
  });

  it('serves an independent job while another one runs', () => {
    expect(resolve([job('lint'), job('unit')], { lint: hit('SUCCESS') })).to.deep.equal({
      served: ['lint'],
      workspaceNeeded: true,
    });
  });

  it('runs a hard dependency of a missed job again, since the dependent needs its files', () => {
    expect(resolve([job('build'), job('unit', hard('build'))], { build: hit('SUCCESS') })).to.deep.equal({
      served: [],
      workspaceNeeded: true,
    });
  });

  it('runs a soft dependency of a missed job again too', () => {
    expect(resolve([job('build'), job('unit', soft('build'))], { build: hit('FAILURE') })).to.deep.equal({
      served: [],
      workspaceNeeded: true,
    });
  });

  it('runs every transitive dependency of a missed job again, but serves a hit dependent of a running job', () => {
    const jobs = [
      job('fetch'),
      job('build', hard('fetch')),
      job('unit', soft('build')),
      job('docs', hard('fetch')),
    ];
    expect(
      resolve(jobs, { fetch: hit('SUCCESS'), build: hit('SUCCESS'), docs: hit('SUCCESS') }),
    ).to.deep.equal({
      served: ['docs'],
      workspaceNeeded: true,
    });
  });

  it('needs no workspace when a recorded FAILURE of a hard dependency certainly skips the missed dependent', () => {
    const jobs = [job('build'), job('unit', hard('build')), job('e2e', hard('unit'))];
    expect(resolve(jobs, { build: hit('FAILURE') })).to.deep.equal({
      served: ['build'],
      workspaceNeeded: false,
    });
  });

  it('treats a recorded RETRY_LIMIT of a hard dependency as a certain skip', () => {
    expect(resolve([job('build'), job('unit', hard('build'))], { build: hit('RETRY_LIMIT') })).to.deep.equal({
      served: ['build'],
      workspaceNeeded: false,
    });
  });

  it('does not serve a hit job that a recorded failure certainly skips', () => {
    expect(
      resolve([job('build'), job('unit', hard('build'))], { build: hit('FAILURE'), unit: hit('SUCCESS') }),
    ).to.deep.equal({
      served: ['build'],
      workspaceNeeded: false,
    });
  });

  it("needs no workspace when a hit parent's child_jobs leaves the missed child out", () => {
    const jobs = [job('detect'), job('python', hard('detect')), job('node', hard('detect'))];
    const hits = { detect: hit('SUCCESS', { childJobs: ['node'] }), node: hit('SUCCESS') };
    expect(resolve(jobs, hits)).to.deep.equal({ served: ['detect', 'node'], workspaceNeeded: false });
  });

  it("needs a workspace when the hit parent's child_jobs names the missed child", () => {
    const jobs = [job('detect'), job('python', hard('detect'))];
    expect(resolve(jobs, { detect: hit('SUCCESS', { childJobs: ['python'] }) })).to.deep.equal({
      served: [],
      workspaceNeeded: true,
    });
  });

  it("makes a dependent's skip uncertain when its parent is forced to run again", () => {
    // a failed; b (hard on a) would be skipped, but c (soft on a) misses, so a runs again and b may run.
    const jobs = [job('a'), job('b', hard('a')), job('c', soft('a'))];
    expect(resolve(jobs, { a: hit('FAILURE') })).to.deep.equal({ served: [], workspaceNeeded: true });
  });

  it('gives the same answer whatever the order of the jobs', () => {
    const jobs = [
      job('fetch'),
      job('build', hard('fetch')),
      job('unit', soft('build')),
      job('docs', hard('fetch')),
    ];
    const hits = { fetch: hit('SUCCESS'), build: hit('SUCCESS'), docs: hit('SUCCESS') };
    expect(resolve([...jobs].reverse(), hits)).to.deep.equal(resolve(jobs, hits));
  });

  describe('properties over random job graphs', () => {
    const RESULTS = ['SUCCESS', 'FAILURE', 'RETRY_LIMIT'] as const;
    const scenario = fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.record({
        // Job i may depend on jobs before it: a DAG. The list is then shuffled.
        deps: fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            i === 0
              ? fc.constant<Array<{ on: number; soft: boolean }>>([])
              : fc.uniqueArray(fc.record({ on: fc.integer({ min: 0, max: i - 1 }), soft: fc.boolean() }), {
                  maxLength: 3,
                  selector: (d) => d.on,
                }),
          ),
        ),
        hits: fc.array(
          fc.option(
            fc.record({
              result: fc.constantFrom(...RESULTS),
              childJobs: fc.option(fc.subarray(Array.from({ length: n }, (_, i) => `j${i}`)), {
                nil: undefined,
              }),
            }),
            { nil: undefined },
          ),
          { minLength: n, maxLength: n },
        ),
        order: fc.shuffledSubarray(
          Array.from({ length: n }, (_, i) => i),
          { minLength: n, maxLength: n },
        ),
      }),
    );
    const build = ({
      deps,
      hits,
      order,
    }: {
      deps: Array<Array<{ on: number; soft: boolean }>>;
      hits: Array<{ result: RecordedRun['result']; childJobs?: string[] } | undefined>;
      order: number[];
    }) => {
      const jobs = order.map((i) =>
        job(
          `j${i}`,
          deps[i].map((d) => ({ name: `j${d.on}`, soft: d.soft })),
        ),
      );
      const hitMap = new Map<string, RecordedRun>();
      hits.forEach((h, i) => {
        if (h)
          hitMap.set(`j${i}`, hit(h.result, h.childJobs === undefined ? {} : { childJobs: h.childJobs }));
      });
      return { jobs, hits: hitMap };
    };

    /**
     * An independent model of what runJobGraph does with `served`: a job is certainly skipped when all its
     * dependencies' ends are known and skip it; a served job ends with its record; anything else runs.
     */
    const model = (
      jobs: JobDefinition[],
      hits: ReadonlyMap<string, RecordedRun>,
      served: ReadonlySet<string>,
    ) => {
      const byName = new Map(jobs.map((j) => [j.name, j]));
      const status = new Map<
        string,
        { kind: 'served' | 'skipped' | 'runs'; result?: string; childJobs?: string[] }
      >();
      const visit = (
        name: string,
      ): { kind: 'served' | 'skipped' | 'runs'; result?: string; childJobs?: string[] } => {
        const known = status.get(name);
        if (known) return known;
        const j = byName.get(name)!;
        const parents = j.dependencies.map((d) => ({ d, s: visit(d.name) }));
        let decided;
        const allKnown = parents.every(({ s }) => s.kind !== 'runs');
        const skip =
          allKnown &&
          (parents.some(({ d, s }) => !d.soft && s.result !== 'SUCCESS') ||
            parents.some(({ s }) => s.childJobs !== undefined && !s.childJobs.includes(name)));
        if (skip) decided = { kind: 'skipped' as const, result: 'SKIPPED' };
        else if (served.has(name))
          decided = {
            kind: 'served' as const,
            result: hits.get(name)!.result,
            childJobs: hits.get(name)!.childJobs,
          };
        else decided = { kind: 'runs' as const };
        status.set(name, decided);
        return decided;
      };
      for (const j of jobs) visit(j.name);
      return status;
    };
    const closure = (jobs: JobDefinition[], from: string): Set<string> => {
      const byName = new Map(jobs.map((j) => [j.name, j]));
      const seen = new Set<string>();
      const stack = byName.get(from)!.dependencies.map((d) => d.name);
      while (stack.length > 0) {
        const name = stack.pop()!;
        if (seen.has(name)) continue;
        seen.add(name);
        stack.push(...byName.get(name)!.dependencies.map((d) => d.name));
      }
      return seen;
    };

    it('serves only hits, never a dependency of a job that runs, and asks for a workspace exactly when a job runs', () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { jobs, hits } = build(input);
          const { served, workspaceNeeded } = resolveCachedJobs({ jobs, hits });
          // (c) served ⊆ hits
          for (const name of served) expect(hits.has(name), `${name} served without a hit`).to.equal(true);
          const status = model(jobs, hits, served);
          // A served job is never one its dependencies certainly skip.
          for (const name of served)
            expect(status.get(name)!.kind, `${name} is served but certainly skipped`).to.equal('served');
          const running = jobs.filter((j) => status.get(j.name)!.kind === 'runs');
          // (a) a job that runs needs its dependencies' files: none of them is served.
          for (const j of running) {
            for (const dep of closure(jobs, j.name))
              expect(served.has(dep), `${dep} served but ${j.name} runs`).to.equal(false);
          }
          // (b) no workspace only when every job is served or certainly skipped, and a workspace only when one runs.
          expect(workspaceNeeded).to.equal(running.length > 0);
          // A workspace is needed exactly when serving every hit that is not certainly skipped leaves a job to run.
          const greedy = model(jobs, hits, new Set(hits.keys()));
          expect(workspaceNeeded).to.equal([...greedy.values()].some((s) => s.kind === 'runs'));
        }),
        { numRuns: 500 },
      );
    });

    it('does not care about the order of the jobs', () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { jobs, hits } = build(input);
          const sorted = [...jobs].sort((a, b) => Number(a.name.slice(1)) - Number(b.name.slice(1)));
          const a = resolveCachedJobs({ jobs, hits });
          const b = resolveCachedJobs({ jobs: sorted, hits });
          expect([...a.served].sort()).to.deep.equal([...b.served].sort());
          expect(a.workspaceNeeded).to.equal(b.workspaceNeeded);
        }),
        { numRuns: 300 },
      );
    });

    it('serves every job that is not certainly skipped when every job has a hit', () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { jobs, hits } = build({ ...input, hits: input.hits.map((h) => h ?? { result: 'SUCCESS' }) });
          const { served, workspaceNeeded } = resolveCachedJobs({ jobs, hits });
          expect(workspaceNeeded).to.equal(false);
          const status = model(jobs, hits, served);
          for (const j of jobs) expect(status.get(j.name)!.kind).to.be.oneOf(['served', 'skipped']);
        }),
        { numRuns: 300 },
      );
    });
  });
});
