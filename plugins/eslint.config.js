// The SDK's lint rules apply to first-party plugins too (run from ../plugin-sdk: npm run lint).
export { default } from '../plugin-sdk/eslint.config.js';
