import type * as nodeFs from 'node:fs';
import * as path from 'node:path';

/** What `git init` would write into `core`, minus everything a throw-away checkout does not need. */
const CONFIG = [
  '[core]',
  '\trepositoryformatversion = 0',
  '\tfilemode = true',
  '\tbare = false',
  // Nobody reads reflogs of a speculative state; not writing them keeps jobs' commits cheap.
  '\tlogallrefupdates = false',
  '',
].join('\n');

/**
 * Creates the smallest git directory native git accepts at `gitdir`: a detached `HEAD` at `commitOid`, a
 * `config`, empty `refs/heads` and `refs/tags`, and an `objects` directory whose `info/alternates` points
 * at `objectsDir`, so every object is borrowed from the source repository and none is copied. Objects that
 * jobs create (a commit, a stash) land in this directory only, so the source repository is never changed.
 *
 * `conversionConfig` (config lines) is appended to the config and `infoAttributes` written to
 * `info/attributes`, so that git run in the checkout converts files as the source repository does.
 *
 * Writes no index: that comes last, once the files it describes exist.
 *
 * @throws Error when `objectsDir` cannot be written to an alternates file (it contains a newline).
 */
export async function writeMinimalGitdir(args: {
  fs: typeof nodeFs;
  gitdir: string;
  commitOid: string;
  objectsDir: string;
  conversionConfig?: string;
  infoAttributes?: string;
}): Promise<void> {
  const { fs, gitdir, commitOid } = args;
  const objectsDir = path.resolve(args.objectsDir);
  // git reads alternates line by line and unquotes a line starting with a double quote.
  if (objectsDir.includes('\n') || objectsDir.startsWith('"')) {
    throw new Error(
      `cannot borrow objects from ${JSON.stringify(objectsDir)}: unusable in objects/info/alternates`,
    );
  }
  for (const sub of ['objects/info', 'objects/pack', 'refs/heads', 'refs/tags']) {
    await fs.promises.mkdir(path.join(gitdir, sub), { recursive: true });
  }
  await fs.promises.writeFile(path.join(gitdir, 'objects', 'info', 'alternates'), `${objectsDir}\n`);
  // In a shallow clone, the job's git must know the boundary too, or it looks for parents that are not there.
  const shallow = path.join(path.dirname(objectsDir), 'shallow');
  if (fs.existsSync(shallow)) await fs.promises.copyFile(shallow, path.join(gitdir, 'shallow'));
  await fs.promises.writeFile(path.join(gitdir, 'config'), CONFIG + (args.conversionConfig ?? ''));
  if (args.infoAttributes !== undefined)
    await fs.promises.writeFile(path.join(gitdir, 'info', 'attributes'), args.infoAttributes);
  await fs.promises.writeFile(path.join(gitdir, 'HEAD'), `${commitOid}\n`);
}
