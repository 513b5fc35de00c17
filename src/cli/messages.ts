/**
 * What the command layer says to people: the lines commands print and the usage errors they raise. Kept
 * apart from the code that decides when to say them, so that wording changes touch this file only. Lines
 * for stderr come without the `specgate: ` prefix, which the writer adds.
 */
export const messages = {
  interrupted: 'interrupted; jobs stopped and state directories removed',
  interruptedAgain: 'interrupted again; stopped at once (temporary directories may be left behind)',
  interruptedIdle: 'interrupted',
  internalError: (message: string, crashFile: string | undefined) => {
    const details = crashFile === undefined ? 'no crash file could be written' : `details in ${crashFile}`;
    return `internal error: ${message} (${details}); please report it`;
  },
  seeHelp: (id: string | undefined) => (id ? `see 'specgate ${id} --help'` : "see 'specgate --help'"),

  shardNeedsJson: (index: number) =>
    "--shard: a shard's output is a partial result for 'specgate report merge'; " +
    `add --json and keep it (--json > partial-${index}.json)`,
  shardHasNoJunit: "--junit: a shard has no verdict; give --junit to 'specgate report merge'",
  shardHasNoVerdict: (flag: string) =>
    `--${flag}: a shard has no verdict; give it to 'specgate report merge'`,
  checkMergesNothing: (flag: string) =>
    `--${flag}: the partial results are of a check, which merges nothing; shard a gate`,

  checkoutWrote: (sha: string, state: string, dir: string) => `wrote ${sha} (${state}) to ${dir}`,
  checkoutRefused: (id: string, result: string, message: string) => `${id}: ${result}: ${message}`,

  initTakesNoConfig: '--config does not apply to init: it writes .specgaterc.yml at the repository root',
  initWrote: (replaced: boolean, file: string, target: string, jobs: string[], prepare: string[]) => {
    const listed = jobs.length > 0 ? `jobs ${jobs.join(', ')}` : 'no jobs';
    const steps = prepare.length > 0 ? `; prepare: ${prepare.join(', ')}` : '';
    return `${replaced ? 'replaced' : 'wrote'} ${file} (target ${target}; ${listed}${steps}):\n`;
  },
  initWithoutLockFile: (run: string) =>
    `no lock file: the prepare step runs ${run}, keyed by package.json; commit a lock file and run specgate init --force for npm ci`,
  initLeftOut: (job: string, script: string, runBy: string) =>
    `no ${job} job: the ${runBy} job's script already runs the ${script} script`,
  initShadowed: (shadowedBy: string, file: string) =>
    `warning: ${shadowedBy} is still found first and stays in use; remove it to use ${file}`,
  initNext: (file: string, hasJobs: boolean) => [
    'Next:',
    ...(hasJobs ? [] : [`  edit ${file} to declare the jobs every change must pass`]),
    '  specgate jobs            which jobs would run for HEAD',
    '  specgate check           test HEAD merged onto the target',
    '  specgate gate <branch>   gate a queue of branches in order',
  ],

  hookInstalled: {
    created: () => 'installed the pre-push hook',
    updated: () => 'updated the pre-push hook',
    chained: (chained: string) =>
      `installed the pre-push hook; the existing one now runs first, from ${chained}`,
    replaced: () => 'installed the pre-push hook, overwriting the existing one (--force)',
  },
  hookStillChains: (chained: string) => `it still runs ${chained} first`,
  hookFindsNoSpecgate: (projectDirs: string[]) =>
    `warning: the hook will not find specgate (in ${
      projectDirs.length > 0
        ? projectDirs.map((dir) => `${dir}/node_modules/.bin`).join(' or ')
        : 'no work tree'
    }, nor on PATH), so every push will fail until it does: install it in the project (npm install -D specgate) or on PATH`,
  hookBranch: (passed: boolean, change: string, remoteRef: string, result: string) =>
    passed ? `passed  ${change} -> ${remoteRef}` : `${result}  ${change} -> ${remoteRef}`,
  hookAllPassed: (count: number) =>
    count === 1 ? 'the pushed branch passed; pushing' : `all ${count} pushed branches passed; pushing`,
  hookRefused: (failed: number, count: number) =>
    `push refused: ${failed} of ${count} pushed branch${count === 1 ? '' : 'es'} failed (nothing was pushed)`,
  hookPushPassed: (command: string) => `to push only the branches that passed:\n  ${command}`,
  hookUninstalled: {
    removed: (hook: string) => `removed the pre-push hook ${hook}`,
    restored: (hook: string) => `removed the pre-push hook and restored the one it chained: ${hook}`,
    absent: (hooksDir: string) => `no specgate pre-push hook in ${hooksDir}; nothing to do`,
  },
};
