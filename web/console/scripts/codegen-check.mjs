// Fails when the committed GraphQL types (console/src/gql) are stale: regenerates them from
// ../schema.graphql and the documents, compares, and puts the committed files back.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(web, 'console', 'src', 'gql');
const snapshot = () => Object.fromEntries(readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')]));

const before = snapshot();
execFileSync(join(web, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.ts', '--silent'], { cwd: web, stdio: 'inherit' });
const after = snapshot();
const stale = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => before[name] !== after[name]);
if (stale.length > 0) {
  for (const [name, text] of Object.entries(before)) writeFileSync(join(out, name), text);
  console.error(`console/src/gql is stale (${stale.join(', ')}): run \`npm run codegen\` and commit the result`);
  process.exit(1);
}
console.log('console/src/gql is up to date');
