import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { createWorkDir } from '../../../src/jobs/create-work-dir.js';
import { scratchDir } from '../../helpers/fixture-repo.js';

describe('createWorkDir', () => {
  it('never takes a name already there, and removes only what it made', async () => {
    const root = scratchDir('specgate-work-');
    fs.mkdirSync(path.join(root, '01-a'));
    fs.writeFileSync(path.join(root, '01-a', 'mine'), 'x');
    fs.writeFileSync(path.join(root, '01-a-2'), 'a file');
    const work = await createWorkDir({ requested: root });
    const dir = await work.createStateDir('a');
    expect(dir).to.equal(path.join(root, '01-a-3'));
    expect(fs.readdirSync(dir)).to.deep.equal([]);
    await work.cleanup({ keep: false });
    expect(fs.readdirSync(root).sort()).to.deep.equal(['01-a', '01-a-2']);
    expect(fs.readFileSync(path.join(root, '01-a', 'mine'), 'utf8')).to.equal('x');
  });

  it('makes the temporary directory on the first state only, once for states made together, and removes it', async () => {
    const tmp = scratchDir('specgate-tmp-');
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const unused = await createWorkDir({});
      await unused.cleanup({ keep: false });
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
      const work = await createWorkDir({});
      const dirs = await Promise.all(['a', 'b', 'c'].map((change) => work.createStateDir(change)));
      expect(new Set(dirs.map((dir) => path.dirname(dir))).size).to.equal(1);
      expect(fs.readdirSync(tmp)).to.have.length(1);
      await work.cleanup({ keep: false });
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
      // A late checkout of an interrupted run makes nothing again.
      let refused = false;
      await work.createStateDir('late').catch(() => (refused = true));
      expect(refused).to.equal(true);
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('removes a requested directory it made once it is empty, and never one that was there', async () => {
    const parent = scratchDir('specgate-work-');
    const made = path.join(parent, 'new', 'work');
    const work = await createWorkDir({ requested: made });
    await work.createStateDir('a');
    await work.cleanup({ keep: false });
    expect(fs.readdirSync(parent)).to.deep.equal([]);
    const existing = scratchDir('specgate-work-');
    const other = await createWorkDir({ requested: existing });
    await other.createStateDir('a');
    await other.cleanup({ keep: false });
    expect(fs.existsSync(existing)).to.equal(true);
  });

  it('refuses a --work-dir that is a file, naming it', async () => {
    const file = path.join(scratchDir(), 'file');
    fs.writeFileSync(file, '');
    let message = '';
    await createWorkDir({ requested: file }).catch((error: Error) => (message = error.message));
    expect(message).to.equal(`cannot use --work-dir ${file}: it is not a directory`);
  });
});
