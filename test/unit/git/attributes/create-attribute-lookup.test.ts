import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { createAttributeLookup } from '../../../../src/git/attributes/create-attribute-lookup.js';

// `git check-attr -a` is the oracle: for every path, the same attributes with the same values.
const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_ATTR_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

interface Layout {
  /** `.gitattributes` text by directory (`''` is the top). */
  tree: Record<string, string>;
  info?: string;
  global?: string;
}

/** What `git check-attr -a` prints for each path, as `path: attr: value` lines, sorted per path. */
function nativeAttributes(layout: Layout, paths: string[]): string[] {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-check-attr-'));
  spawnSync('git', ['init', '-q'], { cwd: repo, env: ENV });
  for (const [dir, text] of Object.entries(layout.tree)) {
    fs.mkdirSync(path.join(repo, dir), { recursive: true });
    fs.writeFileSync(path.join(repo, dir, '.gitattributes'), text);
  }
  if (layout.info !== undefined) fs.writeFileSync(path.join(repo, '.git', 'info', 'attributes'), layout.info);
  if (layout.global !== undefined) {
    fs.writeFileSync(path.join(repo, 'global-attributes'), layout.global);
    spawnSync('git', ['config', 'core.attributesFile', path.join(repo, 'global-attributes')], {
      cwd: repo,
      env: ENV,
    });
  }
  const result = spawnSync('git', ['check-attr', '-a', '-z', '--stdin'], {
    cwd: repo,
    env: ENV,
    input: paths.join('\0') + '\0',
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const fields = result.stdout.split('\0');
  const lines: string[] = [];
  for (let i = 0; i + 2 < fields.length; i += 3)
    lines.push(`${fields[i]}: ${fields[i + 1]}: ${fields[i + 2]}`);
  fs.rmSync(repo, { recursive: true, force: true });
  return lines.sort();
}

function ourAttributes(layout: Layout, paths: string[]): string[] {
  const lookup = createAttributeLookup({
    tree: new Map(Object.entries(layout.tree)),
    info: layout.info,
    global: layout.global,
  });
  const lines: string[] = [];
  for (const p of paths) {
    for (const [name, value] of lookup(p))
      lines.push(`${p}: ${name}: ${value === true ? 'set' : value === false ? 'unset' : value}`);
  }
  return lines.sort();
}

const PATHS = [
  'a.txt',
  'A.TXT',
  'b.c',
  'doc/readme.md',
  'doc/a.txt',
  'doc/deep/x.txt',
  'src/lib/a.ts',
  'src/lib/deep/b.ts',
  'src/main.c',
  'src/.hidden',
  'build/out.o',
  'x/build/out.o',
  'space name.txt',
  'a!b',
  '#hash',
  'tab\there',
  'ünï.txt',
  'foo',
  'foo/bar',
  'foo/bar/baz',
  'abc',
  'ab',
  'a/b/c/d.txt',
  'vendor/x/y.js',
  'vendor.js',
  'z.bin',
];

describe('attribute lookup (against git check-attr)', () => {
  it('patterns, precedence across directories and files, macros, unset and unspecified values', () => {
    const layout: Layout = {
      tree: {
        '': [
          '# comment',
          '  ',
          '[attr]mine text eol=crlf -diff',
          '* text=auto',
          '*.txt mine',
          '*.bin binary',
          '/foo -text',
          'foo/** eol=lf',
          'src/**/*.ts linguist=ts',
          'build/ ignored',
          '**/build/** generated',
          '"space name.txt" quoted',
          '"tab\\there" escaped',
          '\\#hash literal',
          '\\!b negative-escape',
          'a?b questioned',
          'a[!x]c bracket',
          '[[:upper:]]* upper',
          '*.c text eol=lf ident',
          '*.c !eol',
          '!a.txt neg',
          'b.c filter=x -filter',
          'vendor* binary text',
          'ünï.txt unicode',
          'bad name=ok',
          '*.o !text',
        ].join('\n'),
        doc: '*.txt -mine eol=lf\n[attr]sub text\ndeep/*.txt sub\n*.md text=input\n',
        'doc/deep': '* diff=deep\nx.txt !diff\n',
        src: 'lib/*.ts eol=crlf\n*.c -ident\n/main.c text\n',
      },
      info: '*.o binary\nvendor/** -text\n',
      global: '*.ts global\n*.txt text=global\n[attr]mine global-mine\n',
    };
    expect(ourAttributes(layout, PATHS)).to.deep.equal(nativeAttributes(layout, PATHS));
  });

  it("compares a pattern's literal head apart, as git's match_pathname: a `**` after it matches across slashes", () => {
    // Found by the generated patterns below: `/.**` sets its attribute on `.a/a` in git, which wildmatch
    // of the whole pattern would not (its `**` does not follow a slash).
    const layout: Layout = { tree: { '': '/.** dot\n/a** ay\nsub/x** ex\n/b[a]** bracket\n', sub: '' } };
    const paths = ['.a/a', '.a', 'ab/c/d', 'a', 'sub/xy/z', 'sub/x', 'ba/c'];
    expect(ourAttributes(layout, paths)).to.deep.equal(nativeAttributes(layout, paths));
    expect(ourAttributes(layout, ['.a/a'])).to.deep.equal(['.a/a: dot: set']);
  });

  it('agrees with git on generated glob patterns (wildmatch with and without a slash)', () => {
    const token = fc.constantFrom(
      'a',
      'b',
      'c',
      '.',
      '*',
      '**',
      '?',
      '/',
      '[ab]',
      '[!a]',
      '[a-c]',
      '[[:alpha:]]',
      '\\*',
      'x',
      '-',
      '[]a]',
      '[',
    );
    const pattern = fc.array(token, { minLength: 1, maxLength: 6 }).map((tokens) => tokens.join(''));
    const segment = fc
      .array(fc.constantFrom('a', 'b', 'c', '.', 'x', '*', '-', ']'), { minLength: 1, maxLength: 4 })
      .map((cs) => cs.join(''));
    const filePath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'));
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 1, maxLength: 8 }),
        fc.array(filePath, { minLength: 1, maxLength: 12 }),
        (patterns, paths) => {
          const unique = [...new Set(paths)].filter(
            (p) => !p.split('/').includes('.') && !p.split('/').includes('..'),
          );
          if (unique.length === 0) return;
          const top = patterns.map((p, i) => `${p} t${i}`).join('\n');
          const sub = patterns.map((p, i) => `${p} s${i}`).join('\n');
          const layout: Layout = { tree: { '': top, a: sub } };
          expect(ourAttributes(layout, unique)).to.deep.equal(nativeAttributes(layout, unique));
        },
      ),
      { numRuns: 60 },
    );
  });
});
