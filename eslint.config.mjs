// Lint for the package's own TypeScript: the runtime (src/), the node adapters (nodes/) and the dialog modules (editor/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'resources/**', 'node_modules/**', 'tools/node-22/**', 'bench/out/**', '.node-red/**'] },
  {
    files: ['src/**/*.ts', 'nodes/**/*.ts', 'editor/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // A leading underscore marks a parameter a callback signature requires but the code does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['nodes/**/*.ts'],
    rules: {
      // Node-RED calls each node's constructor with `this` as the node; the closures below keep it as `node`.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['node'] }],
    },
  },
);
