// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** What src/core may not contain. */
const CORE_SYNTAX = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
  { selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']", message: 'src/core is plain TypeScript: adapt it in src/vscode instead.' },
  { selector: "ImportExpression[source.value='vscode']", message: 'src/core is plain TypeScript: adapt it in src/vscode instead.' },
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'test-results/**', 'bench/out/**', 'test/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // src/core decides everything and must run in plain Node: the VS Code API is not allowed here.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core is plain TypeScript: adapt it in src/vscode instead.' }],
          patterns: [{ group: ['**/vscode/**', '../vscode', '../../vscode'], message: 'src/core must not depend on the VS Code layer.' }],
        },
      ],
      'no-restricted-syntax': ['error', ...CORE_SYNTAX],
    },
  },
  {
    // The code every request, phase and classification runs. On Node 20 (code-server, the benchmarks)
    // V8 gives an object literal that starts with a spread and goes on a new hidden class on every call
    // once optimized: microseconds each, and every reader of it megamorphic (bench/tasks, bench/structured).
    files: ['src/core/router/**/*.ts', 'src/core/structured/**/*.ts', 'src/core/tasks/**/*.ts', 'src/core/providers/**/*.ts', 'src/core/classify/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...CORE_SYNTAX,
        {
          selector: 'ObjectExpression > SpreadElement:first-child:not(:last-child)',
          message: 'Start the literal with its own properties, or use Object.assign({}, …): on Node 20 an object literal that starts with a spread and goes on gets a new hidden class on every call (see phaseResultOf in src/core/tasks/taskTotals.ts).',
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Webviews run in the browser; talk to the host through src/protocol.' }] },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-restricted-syntax': 'off' },
  },
);
