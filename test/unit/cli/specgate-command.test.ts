import { Config } from '@oclif/core';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, type ExitStatus, SpecgateCommand } from '../../../src/cli/specgate-command.js';
import { UserError } from '../../../src/errors/specgate-error.js';
import { scratchDir } from '../../helpers/fixture-repo.js';
import { git } from '../../helpers/git.js';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');

/** Runs a command that throws `error`, and returns its exit status and what it wrote. */
async function runThrowing(
  error: unknown,
  argv: string[],
): Promise<{ exit: number | undefined; stderr: string; stdout: string }> {
  class Throws extends SpecgateCommand {
    static override id = 'throws';
    protected async execute(): Promise<object> {
      await this.parse(Throws);
      throw error;
    }
  }
  return capture((config) => Throws.run(argv, config));
}

/** A command whose result is `{ verdict }`, rendered as one line; a rejection exits 1. */
class Verdict extends SpecgateCommand<{ verdict: string }> {
  static override id = 'verdict';
  static verdict = 'SUCCESS';
  /** Thrown by `render` when set: a bug met while printing the result. */
  static renderBug: Error | undefined;
  protected async execute(): Promise<{ verdict: string }> {
    await this.parse(Verdict);
    this.note('working');
    return { verdict: Verdict.verdict };
  }
  protected override async render(result: { verdict: string }): Promise<void> {
    if (Verdict.renderBug) throw Verdict.renderBug;
    this.print(`verdict: ${result.verdict}\n`);
  }
  protected override exitStatus(result: { verdict: string }): ExitStatus {
    return result.verdict === 'SUCCESS' ? EXIT.passed : EXIT.rejected;
  }
}

/** Runs `run` with stdout and stderr captured; the exit status from oclif's exit error, else `process.exitCode`. */
async function capture(
  run: (config: Config) => Promise<unknown>,
): Promise<{ exit: number | undefined; stderr: string; stdout: string }> {
  const config = await Config.load(ROOT);
  let stderr = '';
  let stdout = '';
  const writeErr = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await run(config);
    return { exit: process.exitCode === undefined ? undefined : Number(process.exitCode), stderr, stdout };
  } catch (thrown) {
    return { exit: (thrown as { oclif?: { exit?: number } }).oclif?.exit, stderr, stdout };
  } finally {
    process.stderr.write = writeErr;
    process.stdout.write = writeOut;
    process.exitCode = before;
  }
}

describe('SpecgateCommand: errors to exit statuses', () => {
  let repo: string;
  before(() => {
    repo = scratchDir('specgate-crash-');
    git(repo, 'init', '-q');
  });

  it('a bug: exit 3, one line naming the crash file, which holds the stack', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'sha')");
    const run = await runThrowing(bug, ['-C', repo]);
    expect(run.exit).to.equal(3);
    const match =
      /^specgate: internal error: Cannot read properties of undefined \(reading 'sha'\) \(details in (\S+)\); please report it\n$/.exec(
        run.stderr,
      );
    expect(match, run.stderr).to.not.equal(null);
    const file = match![1];
    expect(path.dirname(file)).to.equal(path.join(repo, '.git', 'specgate'));
    expect(fs.readFileSync(file, 'utf8')).to.contain(bug.stack!);
  });

  it('a bug outside any repository: the crash file goes to the temporary directory; --json gives code INTERNAL', async () => {
    const run = await runThrowing(new RangeError('invariant broken'), ['-C', scratchDir(), '--json']);
    expect(run.exit).to.equal(3);
    const { error } = JSON.parse(run.stdout) as {
      error: { code: string; message: string; data: { crashFile: string } };
    };
    expect(error).to.deep.include({ code: 'INTERNAL', message: 'invariant broken' });
    expect(fs.existsSync(error.data.crashFile)).to.equal(true);
    fs.rmSync(error.data.crashFile);
  });

  it('a system fault: exit 2, one line naming the path and what to do', async () => {
    const fault = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'write',
    });
    const run = await runThrowing(fault, ['-C', repo]);
    expect(run.exit).to.equal(2);
    expect(run.stderr).to.equal(
      `specgate: error: no space left on the device (ENOSPC, write): ${path.join(repo, '.git')}. Try this: free some space on that file system\n`,
    );
  });

  it('a user error: exit 2, its suggestion on the same line; --json gives code, message, suggestion and data', async () => {
    const error = new UserError('WORK_DIR', 'cannot use /x', {
      suggestion: 'Choose another one.',
      data: { path: '/x' },
    });
    expect((await runThrowing(error, [])).stderr).to.equal(
      'specgate: error: cannot use /x. Try this: choose another one\n',
    );
    const json = await runThrowing(error, ['--json']);
    expect(json.exit).to.equal(2);
    expect(JSON.parse(json.stdout)).to.deep.equal({
      error: {
        code: 'WORK_DIR',
        message: 'cannot use /x',
        suggestion: 'Choose another one.',
        data: { path: '/x' },
      },
    });
  });

  it("oclif's parse errors: exit 2, one line", async () => {
    const run = await runThrowing(new Error('never thrown'), ['--frobnicate']);
    expect(run.exit).to.equal(2);
    expect(run.stderr).to.equal(
      "specgate: error: Nonexistent flag: --frobnicate. Try this: see 'specgate throws --help'\n",
    );
  });
});

describe('SpecgateCommand: a command typed by its result', () => {
  afterEach(() => {
    Verdict.verdict = 'SUCCESS';
    Verdict.renderBug = undefined;
  });

  it('renders the result for people and takes the exit status from it: 0 passed, 1 rejected', async () => {
    const passed = await capture((config) => Verdict.run([], config));
    expect(passed).to.deep.equal({ exit: 0, stdout: 'verdict: SUCCESS\n', stderr: 'specgate: working\n' });
    Verdict.verdict = 'FAILURE';
    const rejected = await capture((config) => Verdict.run([], config));
    expect(rejected).to.deep.equal({ exit: 1, stdout: 'verdict: FAILURE\n', stderr: 'specgate: working\n' });
  });

  it('with --json, stdout holds the result only, notes still go to stderr, and the exit status is the same', async () => {
    Verdict.verdict = 'FAILURE';
    const run = await capture((config) => Verdict.run(['--json'], config));
    expect(run.exit).to.equal(1);
    expect(JSON.parse(run.stdout)).to.deep.equal({ verdict: 'FAILURE' });
    expect(run.stderr).to.equal('specgate: working\n');
  });

  it('a bug met while rendering is a bug: exit 3 (never 1) and a crash note, whatever the verdict', async () => {
    Verdict.verdict = 'FAILURE';
    Verdict.renderBug = new TypeError('x is not a function');
    const run = await capture((config) => Verdict.run(['-C', scratchDir()], config));
    expect(run.exit).to.equal(3);
    const match =
      /^specgate: working\nspecgate: internal error: x is not a function \(details in (\S+)\); please report it\n$/.exec(
        run.stderr,
      );
    expect(match, run.stderr).to.not.equal(null);
    expect(fs.readFileSync(match![1], 'utf8')).to.contain(Verdict.renderBug.stack!);
    fs.rmSync(match![1]);
  });
});
