// The lint keeps each process on its side of the line (as VS Code's layering rule does):
// renderer and main/common import neither Node nor Electron, main/node imports no Electron,
// and nothing but main/electron-main reaches into the Electron glue. Beside those, the module
// rules: no import cycle anywhere, and the store (the library file and its tables) imports none
// of the services built on it.
import { builtinModules } from 'node:module';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const restrict = (paths, regexes) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message: 'This code runs where that module does not exist.' })),
      patterns: regexes.map(([regex, message]) => ({ regex, message })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Hook rules as errors: a dependency list is the compiler's to check, not picked by hand.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(['electron', ...nodeBuiltins], [
      ['(^|/)main/(node|electron-main)(/|$)', 'The renderer reaches main only through window.lectern.'],
    ]),
  },
  {
    files: ['main/common/**/*.ts'],
    rules: restrict(['electron', 'react', ...nodeBuiltins], [
      ['^\\.\\./(node|electron-main)(/|$)', 'main/common runs in every process and depends on nothing process-specific.'],
    ]),
  },
  {
    files: ['main/node/**/*.ts'],
    rules: restrict(['electron'], [
      ['(^|/)electron-main(/|$)', 'Services run under plain Node: no Electron glue here.'],
      ['^electron/', 'Services run under plain Node: no Electron here.'],
    ]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict(nodeBuiltins, [
      ['(^|/)main/(node|electron-main)(/|$)', 'A sandboxed preload can only use electron and bundled common code.'],
    ]),
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      // Type-only imports are exempt (they vanish at run time); `madge --circular` sees those too.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: './main/node/store',
              from: ['./main/node/search', './main/node/import', './main/node/feeds'],
              message: 'The store is below search, import and feeds: they import it, never the other way.',
            },
          ],
        },
      ],
    },
  },
);
