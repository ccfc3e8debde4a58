#!/usr/bin/env node
// @ts-check
// ispchat-plugin: build and test ISP Chat plugins.
//
//   ispchat-plugin build [--force] [--opt-size] [--minify] [DIR...]
//   ispchat-plugin test  [--no-build] [DIR...]
//
// DIR is a plugin folder (with plugin.toml); default: the current folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPlugin } from '../lib/build.mjs';
import { ManifestError } from '../lib/manifest.mjs';

const [command, ...rest] = process.argv.slice(2);
const flags = new Set(rest.filter((a) => a.startsWith('--')));
const dirs = rest.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) dirs.push('.');

const usage = `usage:
  ispchat-plugin build [--force] [--opt-size] [--minify] [DIR...]   build DIR/dist/<id>.wasm (skipped when inputs are unchanged)
  ispchat-plugin test  [--no-build] [DIR...]                       build, then run DIR/test/**/*.test.ts against the fake host`;

try {
  if (command === 'build') {
    await build();
  } else if (command === 'test') {
    if (!flags.has('--no-build')) await build();
    test();
  } else {
    console.log(usage);
    process.exit(command === undefined || command === 'help' || command === '--help' ? 0 : 2);
  }
} catch (error) {
  if (error instanceof ManifestError) console.error(`invalid plugin.toml: ${error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

async function build() {
  for (const dir of dirs.filter((d) => existsSync(join(d, 'plugin.toml')))) {
    const result = await buildPlugin(dir, {
      force: flags.has('--force'),
      optSize: flags.has('--opt-size'),
      minify: flags.has('--minify'),
      log: (line) => console.log(line),
    });
    if (result.cached) console.log(`${result.id}: up to date (${(result.bytes / 1024 / 1024).toFixed(2)} MiB)`);
  }
}

function test() {
  const files = dirs.flatMap((dir) => findTests(resolve(dir)));
  if (files.length === 0) {
    console.error(`no *.test.ts files under ${dirs.join(', ')}`);
    process.exit(1);
  }
  const nodeArgs = [
    // tsx compiles TypeScript on the fly; our hooks then serve `ispchat:host/*` from the fake
    // host and `@ispchat/plugin-sdk` from this SDK.
    '--import', import.meta.resolve('tsx'),
    '--import', import.meta.resolve('../src/testing/register.mjs'),
    '--test',
    '--test-reporter=spec',
  ];
  // Node 20's V8 (11.3) needs this flag for the extended constant expressions that componentized
  // QuickJS uses; later versions have it on by default and reject the flag.
  if (Number(process.versions.node.split('.')[0]) < 21) nodeArgs.unshift('--experimental-wasm-extended-const');
  const run = spawnSync(process.execPath, [...nodeArgs, ...files], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

/** @param {string} dir @returns {string[]} */
function findTests(dir) {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return dir.endsWith('.test.ts') ? [dir] : [];
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}
