import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'src/generated', 'data', 'coverage', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through src/config.ts.' },
      ],
    },
  },
  {
    // Scripts that run in the browser, not in Node.
    files: ['src/web/assets/**/*.js', 'src/http/openapi/docs/**/*.js'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', FormData: 'readonly', SwaggerUIBundle: 'readonly' },
    },
  },
  {
    // Tests start real server processes and must hand them an environment.
    files: ['src/config.ts', 'test/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
