import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parseTree } from '../../../../src/git/object-database/parse-tree.js';
import { readObject } from '../../../../src/git/object-database/read-object.js';
import { commit, contextFor, git, initRepo, removeTempDirs, tempDir } from './object-repos.js';

/** `git ls-tree -z` of a tree, as mode, oid and name bytes (git pads tree modes to six digits there). */
function lsTree(repo: string, tree: string): Array<{ mode: string; oid: string; name: Buffer }> {
  const out = git(repo, ['ls-tree', '-z', tree]);
  const entries: Array<{ mode: string; oid: string; name: Buffer }> = [];
  for (let at = 0; at < out.length;) {
    const nul = out.indexOf(0, at);
    const tab = out.indexOf(0x09, at);
    const [mode, , oid] = out.toString('latin1', at, tab).split(' ');
    entries.push({ mode, oid, name: out.subarray(tab + 1, nul) });
    at = nul + 1;
  }
  return entries;
}

describe('parseTree', () => {
  after(removeTempDirs);

  it('gives the entries git lists: every mode, odd names, in tree order', async () => {
    const repo = initRepo(tempDir('tree'));
    commit(repo, 'files', {
      'a-b': 'x',
      'a.b': 'y',
      'a/b': 'z',
      'space name ünï ✓.txt': 'u',
      empty: '',
      'run.sh': '#!/bin/sh\n',
    });
    fs.chmodSync(path.join(repo, 'run.sh'), 0o755);
    fs.symlinkSync('a/b', path.join(repo, 'link'));
    git(repo, ['add', '-A']);
    git(repo, [
      'update-index',
      '--add',
      '--cacheinfo',
      '160000,1234567890abcdef1234567890abcdef12345678,sub',
    ]);
    const tree = git(repo, ['write-tree']).toString('utf8').trim();
    const object = await readObject(contextFor(repo), tree);
    const entries = parseTree(object.content);
    const expected = lsTree(repo, tree);
    expect(entries.map((entry) => entry.mode.padStart(6, '0'))).to.deep.equal(
      expected.map((entry) => entry.mode),
    );
    expect(entries.map((entry) => entry.oid)).to.deep.equal(expected.map((entry) => entry.oid));
    expect(entries.map((entry) => entry.path)).to.deep.equal(
      expected.map((entry) => entry.name.toString('utf8')),
    );
    expect(entries.find((entry) => entry.path === 'a')?.mode).to.equal('40000');
    expect(new Set(entries.map((entry) => entry.mode))).to.deep.equal(
      new Set(['100644', '100755', '120000', '160000', '40000']),
    );
  });

  it('keeps names that are not UTF-8 byte for byte with the latin1 encoding', async () => {
    const repo = initRepo(tempDir('tree-bytes'));
    const blob = git(repo, ['hash-object', '-w', '--stdin'], Buffer.from('x')).toString('utf8').trim();
    const name = Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x74]);
    const line = Buffer.concat([Buffer.from(`100644 blob ${blob}\t`), name, Buffer.from([0])]);
    const tree = git(repo, ['mktree', '-z'], line).toString('utf8').trim();
    const [entry] = parseTree((await readObject(contextFor(repo), tree)).content, { encoding: 'latin1' });
    expect(Buffer.from(entry.path, 'latin1').equals(name)).to.equal(true);
    expect(entry.oid).to.equal(blob);
  });

  it('refuses content that is not a tree', () => {
    expect(() => parseTree(Buffer.from('100644 name-without-id\0abc'))).to.throw(/corrupt tree/);
    expect(() => parseTree(Buffer.from('no space at all'))).to.throw(/corrupt tree/);
    expect(parseTree(Buffer.alloc(0))).to.deep.equal([]);
  });
});
