import { z, type ZodRawShape } from 'zod';
import { SIZE_PATTERN } from '../core/cache/parse-size.js';

/**
 * The one description of specgate's configuration file: the validator checks files against it, the types
 * of the validated configuration are inferred from it, and `schema/specgate.schema.json` (for editors) is
 * generated from it by `npm run schema`. Each `expected(...)` is what an error says a key expected, and each
 * `.describe(...)` what the JSON Schema says about it.
 */

/** The message every problem of one schema node gets: "expected <what>" (the location is added later). */
const expected = (what: string) => ({ errorMap: () => ({ message: `expected ${what}` }) });

/**
 * A mapping with exactly these keys. Its "unknown key" message lists them, so that a user (and the test
 * that compares the JSON Schema with the validator) reads the known keys from the schema itself.
 */
function mapping<Shape extends ZodRawShape>(shape: Shape, what: string) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    errorMap: (issue) => ({
      message: issue.code === 'unrecognized_keys' ? `unknown key (known keys: ${known})` : `expected ${what}`,
    }),
  });
}

/** Text with something in it besides white space (a command of only spaces runs nothing). */
const command = () => z.string(expected('a shell command')).regex(/\S/);
const globs = () => z.array(z.string(expected('a glob pattern')), expected('a list of glob patterns'));
const flag = () => z.boolean(expected('true or false'));

const dependency = z.union(
  [
    z.string(expected('a job name')),
    mapping(
      { name: z.string(expected('a job name')), soft: flag().optional() },
      'a job name or { name, soft }',
    ),
  ],
  expected('a job name or { name, soft }'),
);

/** One job as written; inheritance (`parent`) and defaults are applied by `normalizeConfig`. */
export const jobSchema = mapping(
  {
    run: command().describe('Shell command, run by /bin/sh -c in the state directory (or cwd).').optional(),
    env: z
      .record(
        z.union([z.string(), z.number(), z.boolean()], expected('a string')),
        expected('a mapping of variable names to strings'),
      )
      .describe('Variables for the job, merged over those of its parent.')
      .optional(),
    timeout: z
      .number(expected('a number of seconds'))
      .positive()
      .describe("Seconds; the job's whole process tree is killed.")
      .optional(),
    voting: flag().describe('false: reported, never rejects the change.').optional(),
    attempts: z
      .number(expected('a whole number of runs, at least 1'))
      .int()
      .min(1)
      .describe('Runs allowed in all for a failing job.')
      .optional(),
    dependencies: z
      .array(dependency, expected('a list of job names'))
      .describe('Jobs that run first. A hard dependency that does not succeed skips this job.')
      .optional(),
    cwd: z
      .string(expected('a directory relative to the state directory'))
      .min(1)
      .describe('Directory relative to the state directory.')
      .optional(),
    parent: z
      .string(expected('the name of another job'))
      .min(1)
      .describe('Job to inherit from; attributes are overridden one by one, env is merged.')
      .optional(),
    abstract: flag().describe('Never runs; only inherited from.').optional(),
    description: z.string(expected('text')).optional(),
    files: globs().describe('Globs: run only if the change touches a matching file.').optional(),
    'irrelevant-files': globs().describe('Globs: skip if every file the change touches matches.').optional(),
    cache: flag()
      .describe(
        "false: never take this job's result from the result cache, nor keep it there " +
          '(for jobs whose outcome depends on more than the tree).',
      )
      .optional(),
  },
  'a mapping with at least `run`',
);

const prepareStep = mapping(
  {
    run: command().describe('Shell command, run by /bin/sh in the state directory.'),
    key: z
      .array(z.string(expected('a file name')), expected('a list of files whose content keys the cache'))
      .min(1)
      .describe('Files whose content keys the cache.'),
    paths: z
      .array(z.string(expected('a path')), expected('a list of paths the step produces'))
      .min(1)
      .describe('What the step produces.'),
  },
  'a step with run, key and paths',
);

const jobNames = () => z.array(z.string(expected('a job name')), expected('a list of job names'));

/** The whole configuration file (or `package.json#specgate`), as written. */
export const configSchema = mapping(
  {
    target: z
      .string(expected('a branch name'))
      .min(1)
      .describe('The branch changes merge into (default main).')
      .optional(),
    'merge-mode': z
      .enum(['merge', 'cherry-pick', 'squash-merge'], expected('one of merge, cherry-pick, squash-merge'))
      .default('merge')
      .describe('How a change is brought onto its speculative state.'),
    'allow-circular-dependencies': flag()
      .default(false)
      .describe('Make each dependency cycle one bundle, merged, tested and judged together.'),
    jobs: z
      .record(jobSchema, expected('a mapping of job names to jobs'))
      .describe('Jobs by name.')
      .optional(),
    pipelines: z
      .strictObject(
        { check: jobNames().optional(), gate: jobNames().optional() },
        {
          errorMap: (issue) => ({
            message:
              issue.code === 'unrecognized_keys'
                ? 'unknown pipeline (known: check, gate)'
                : 'expected a mapping of pipeline names to lists of job names',
          }),
        },
      )
      .describe('Which jobs each pipeline runs (default: every job that is not abstract).')
      .optional(),
    prepare: z
      .array(prepareStep, expected('a list of steps ({ run, key, paths })'))
      .describe(
        "Steps that prepare each state's workspace before its jobs, " +
          'cached by the content of their key files.',
      )
      .optional(),
    cache: mapping(
      {
        'max-size': z
          .string(expected('a size, as 2GB, 500MB or 1.5GiB'))
          .regex(SIZE_PATTERN, 'expected a size, as 2GB, 500MB or 1.5GiB')
          .describe(
            'Bound on the caches under .git/specgate (prepared workspaces, merges, logs), kept after every ' +
              'run by removing the least recently used entries first.',
          )
          .optional(),
      },
      'a mapping of cache settings ({ max-size })',
    )
      .describe('How specgate manages its caches.')
      .optional(),
  },
  'a mapping of settings',
);

/** A configuration file that passed {@link configSchema}, top-level defaults applied. */
export type ConfigFile = z.output<typeof configSchema>;

/** One job of a {@link ConfigFile}, as written. */
export type JobEntry = z.output<typeof jobSchema>;
