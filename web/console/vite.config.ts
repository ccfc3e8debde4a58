// The agent console's build: Preact + Tailwind, output in console/dist, which the host embeds
// and serves at `/`. `npm run dev:console` proxies the API to a host on :8080 (`make run`).
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact(), tailwindcss()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The size budget is checked by scripts/size-budget.mjs on the gzipped first load.
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:8080', ws: true },
      '/attachments': 'http://127.0.0.1:8080',
      // Sign-in: the refresh token's cookie (Path=/auth) comes back through the proxy as it is.
      '/auth': 'http://127.0.0.1:8080',
    },
  },
});
