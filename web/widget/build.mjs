// Bundles the widget into widget/dist/widget.js (one minified IIFE, no framework) and fails when
// it grows past the size budget: the script loads on every page of the ISP's site.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist', 'widget.js');
const BUDGET_GZIP_BYTES = 60 * 1024;

await build({
  entryPoints: [join(here, 'src', 'index.ts')],
  outfile: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
});

const bytes = readFileSync(out);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log(`widget.js: ${(bytes.length / 1024).toFixed(1)} KiB, ${(gzipped / 1024).toFixed(1)} KiB gzipped (budget ${BUDGET_GZIP_BYTES / 1024} KiB)`);
if (gzipped > BUDGET_GZIP_BYTES) {
  console.error('widget.js is over its size budget');
  process.exit(1);
}
