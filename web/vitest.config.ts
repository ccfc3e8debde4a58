import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'happy-dom',
    include: ['widget/test/**/*.test.ts', 'console/src/**/*.test.ts', 'shared/**/*.test.ts'],
  },
});
