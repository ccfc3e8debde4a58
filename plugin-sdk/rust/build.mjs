#!/usr/bin/env node
// @ts-check
// Build a Rust guest (a folder with Cargo.toml and plugin.toml) into dist/<id>.wasm and
// dist/plugin.toml, like `ispchat-plugin build` does for TypeScript:
//   cargo build --release --target wasm32-unknown-unknown   (a core module with the WIT embedded)
//   jco componentNew                                        (core module → component)
// wasm32-unknown-unknown rather than wasm32-wasip2: the guest is no_std and the host provides no
// WASI, and wasm-component-ld 0.5 for wasip2 refused the no_std module ("failed to decode world
// from module: module was not valid") while the same code as a wasip2 std build imports
// wasi:cli and wasi:io. Needs `rustup target add wasm32-unknown-unknown`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { componentNew, componentWit } from '@bytecodealliance/jco';
import { readManifest } from '../lib/manifest.mjs';

const dir = resolve(process.argv[2] ?? '.');
const manifest = readManifest(join(dir, 'plugin.toml'));
const started = performance.now();
const cargo = spawnSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--message-format', 'json-render-diagnostics'], {
  cwd: dir,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (cargo.status !== 0) process.exit(cargo.status ?? 1);
const artifact = cargo.stdout
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => /** @type {{ reason?: string, filenames?: string[] }} */ (JSON.parse(line)))
  .filter((m) => m.reason === 'compiler-artifact')
  .flatMap((m) => m.filenames ?? [])
  .find((f) => f.endsWith('.wasm'));
if (!artifact) throw new Error('cargo produced no .wasm');

const component = await componentNew(readFileSync(artifact));
const wit = await componentWit(component);
const foreign = [...wit.matchAll(/^\s*import ([\w:/.@-]+);/gm)].map((m) => m[1] ?? '').filter((n) => !n.startsWith('ispchat:'));
if (foreign.length > 0) throw new Error(`the component imports interfaces the host does not provide: ${foreign.join(', ')}`);

const dist = join(dir, 'dist');
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, `${manifest.id}.wasm`), component);
const sha256 = createHash('sha256').update(component).digest('hex');
const source = readFileSync(join(dir, 'plugin.toml'), 'utf8').replace(/\s*$/, '\n');
writeFileSync(
  join(dist, 'plugin.toml'),
  `${source}\n# Written by plugin-sdk/rust/build.mjs; the host checks the component against it.\n[component]\nfile = "${manifest.id}.wasm"\nsha256 = "${sha256}"\nsize = ${component.length}\n`,
);
console.log(`${manifest.id}: ${(component.length / 1024).toFixed(0)} KiB in ${((performance.now() - started) / 1000).toFixed(1)} s → ${join(dist, `${manifest.id}.wasm`)}`);
