// Flat config for the console and the widget: typescript-eslint's strict rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test-results/**', 'console/src/gql/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', navigator: 'readonly', console: 'readonly',
        fetch: 'readonly', FormData: 'readonly', File: 'readonly', Response: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', crypto: 'readonly', Notification: 'readonly',
        AudioContext: 'readonly', localStorage: 'readonly', process: 'readonly', Buffer: 'readonly', HTMLElement: 'readonly',
        HTMLInputElement: 'readonly', HTMLScriptElement: 'readonly', Storage: 'readonly', Event: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The console is checked by tsc (console/tsconfig.json), which knows every browser global.
    files: ['console/**/*.{ts,tsx}'],
    rules: { 'no-undef': 'off' },
  },
);
