// Fails when the committed GraphQL types (console/src/gql, widget/src/gql.ts,
// shared/schema-enums.ts) are stale:
// regenerates them from ../schema.graphql and the documents, compares, and puts the committed
// files back.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(web, 'console', 'src', 'gql');
const single = [join(web, 'shared', 'schema-enums.ts'), join(web, 'widget', 'src', 'gql.ts')];
const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
const snapshot = () => ({
  ...Object.fromEntries(readdirSync(out).map((name) => [join(out, name), read(join(out, name))])),
  ...Object.fromEntries(single.map((path) => [path, read(path)])),
});

const before = snapshot();
execFileSync(join(web, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.ts', '--silent'], { cwd: web, stdio: 'inherit' });
const after = snapshot();
const stale = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => before[name] !== after[name]);
if (stale.length > 0) {
  for (const [path, text] of Object.entries(before)) if (text !== undefined) writeFileSync(path, text);
  console.error(`generated types are stale (${stale.join(', ')}): run \`npm run codegen\` and commit the result`);
  process.exit(1);
}
console.log('console/src/gql, widget/src/gql.ts and shared/schema-enums.ts are up to date');
