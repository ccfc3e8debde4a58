// Fails when the console's first load (the scripts index.html loads or preloads) exceeds its
// gzipped budget. Lazily loaded pages (the dashboard with Chart.js) are not counted.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 300 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = new Set();
for (const match of html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g)) {
  scripts.add(match[1]);
}
if (scripts.size === 0) throw new Error('no script found in console/dist/index.html');
let total = 0;
for (const script of scripts) {
  const size = gzipSync(readFileSync(join(dist, script)), { level: 9 }).length;
  total += size;
  console.log(`${script}: ${(size / 1024).toFixed(1)} KB gzipped`);
}
console.log(`console first-load JS: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
if (total > BUDGET_BYTES) {
  console.error('over budget: move code behind a lazily loaded route or drop a dependency');
  process.exit(1);
}
