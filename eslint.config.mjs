// ESLint over src/, test/, bench/ and web/: typescript-eslint's type-checked recommended rules,
// React hooks rules for the web app, and Prettier's layout (eslint-config-prettier turns off
// the rules Prettier owns). A rule is turned off only here, with its reason beside it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'src/infra/prisma/generated/**',
      '.bench-build/**',
      'bench/results/**',
      'coverage/**',
      'var/**',
      '.api-build/**',
      'client/schema.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // unused names are errors, except the ones marked as deliberately unused
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Nest's decorators and class-validator DTOs declare classes the framework instantiates
      '@typescript-eslint/no-extraneous-class': 'off',
      // a promise handed to an event emitter or a timer is caught where it is created ("void p.catch(...)")
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    // tests and benchmarks read JSON bodies (supertest's `any`) and reach into results freely
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // jest's expect(mock.method).toHaveBeenCalled() passes methods unbound on purpose
      '@typescript-eslint/unbound-method': 'off',
      // fake repositories implement async interfaces with answers at hand
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}', 'web/student/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // react-admin's AuthProvider contract: every method returns a promise, and a rejection with
    // { message, redirectTo } (not an Error) tells react-admin what to show and where to go
    files: ['web/src/auth/authProvider.ts'],
    rules: { '@typescript-eslint/require-await': 'off', '@typescript-eslint/only-throw-error': 'off' },
  },
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
