// ESLint flat config: typescript-eslint's recommended rules, and the layering of DESIGN.md ("Architecture")
// as lint rules: command → workflow → core → adapters, a pure core, and no import cycle.
// Formatting is Prettier's alone (`npm run format`); no rule here is about layout.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The adapters: below the workflows, and never importing them. */
const adapters = [
  './src/core',
  './src/git',
  './src/jobs',
  './src/config',
  './src/errors',
  './src/report',
  './src/result-cache',
  './src/merge-memo',
  './src/caches',
];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', '.bench/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,js}'],
    plugins: { 'import-x': importX },
    settings: {
      // Files whose imports the cycle check follows, and the parser it reads them with.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Sources import `./x.js` and mean `./x.ts` (module node16); the resolver must follow that, or the
      // path rules below would skip every import they cannot resolve.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.json'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
    rules: {
      // Unused arguments named `_x` are kept on purpose (an interface's shape); unused errors in catch are fine.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // The renderers strip and escape control characters on purpose; literal spaces match indentation.
      'no-control-regex': 'off',
      'no-regex-spaces': 'off',
      // `let [a, b] = …` where only some are reassigned stays one statement.
      'prefer-const': ['error', { destructuring: 'all' }],
      // Runtime cycles only: a type-only import is erased by tsc and cannot order module evaluation.
      'import-x/no-cycle': 'error',
      'import-x/no-unresolved': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          // Folders are relative to this file; a package is matched wherever it resolves to (a linked
          // node_modules resolves outside this folder).
          zones: [
            {
              target: './src/core',
              from: './src',
              except: ['./core'],
              message:
                'src/core is the pure domain (DESIGN.md, Architecture): it imports nothing but src/core.',
            },
            {
              target: './src/core',
              from: '/**/node_modules/**',
              message: 'src/core is the pure domain: plain data in, plain data out, no package.',
            },
            {
              target: './src/!(report)/**',
              from: ['/**/node_modules/chalk/**', '/**/node_modules/listr2/**'],
              message: 'Only src/report imports chalk and listr2.',
            },
            {
              target: './src/!(git)/**',
              from: '/**/node_modules/isomorphic-git/**',
              message: 'Only src/git imports isomorphic-git.',
            },
            {
              target: adapters,
              from: ['./src/workflows', './src/commands', './src/cli'],
              message: 'The flow goes one way: adapters never import workflows, commands or the CLI.',
            },
            {
              target: './src/workflows',
              from: ['./src/commands', './src/cli'],
              message: 'A workflow is called by commands and the CLI, and never calls them.',
            },
            {
              target: './src/!(git|result-cache)/**',
              from: './src/git/notes',
              message: 'The result cache is one folder: only src/result-cache uses the git notes plumbing.',
            },
            {
              target: adapters.filter((adapter) => adapter !== './src/report'),
              from: './src/report',
              message: 'Adapters do not render: only workflows, commands and the CLI import src/report.',
            },
          ],
        },
      ],
    },
  },
  {
    // bin/ runs the compiled dist/, which a lint before `npm run build` does not find yet.
    files: ['bin/*.js'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly' } },
    rules: { 'import-x/no-unresolved': ['error', { ignore: ['^\\.\\./dist/'] }] },
  },
  {
    // chai's assertions are property reads: `expect(list).to.be.empty`.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'import-x/no-nodejs-modules': ['error'] },
  },
);
