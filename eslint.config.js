import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'model/work/**', 'test-results/**', 'playwright-report/**', 'models/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/protocol/**', 'src/motion/**', 'src/remote/**', 'src/local/**', 'src/cache/**', 'src/server/**', 'src/backend.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@babylonjs/*'], message: 'Babylon is only imported under src/babylon and editor/ (ARCHITECTURE.md layers).' }] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
