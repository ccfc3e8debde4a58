// @ts-check
// `ispchat-plugin build`: plugin.toml + TypeScript → one ES module (esbuild) → a WebAssembly
// component (componentize-qjs, the QuickJS engine that `jco componentize --backend qjs` uses)
// → dist/<id>.wasm and dist/plugin.toml. Skips the work when nothing that goes into the component
// changed (see inputsHash).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest, WORLD_EXPORTS } from './manifest.mjs';
// esbuild, componentize-qjs and jco are imported only when something must be built, so that an
// up-to-date check (what `make run` does on every start) costs a hash, not a toolchain load.

export const SDK_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));
// In this repository the contract lives beside the SDK (../wit/v1); a packed SDK carries a copy.
export const WIT_DIR = [join(SDK_DIR, 'wit', 'v1'), resolve(SDK_DIR, '..', 'wit', 'v1')].find((d) => existsSync(d)) ?? resolve(SDK_DIR, '..', 'wit', 'v1');
const require = createRequire(import.meta.url);
const SDK_VERSION = /** @type {{version: string}} */ (require('../package.json')).version;
const QJS_VERSION = /** @type {{version: string}} */ (require('componentize-qjs/package.json')).version;

/**
 * @typedef {object} BuildOptions
 * @property {boolean} [force]    rebuild even when the inputs hash matches
 * @property {boolean} [optSize]  componentize-qjs's size-optimised runtime (~1.1 MB instead of ~1.6 MB)
 * @property {boolean} [minify]
 * @property {(line: string) => void} [log]
 */
/**
 * @typedef {object} BuildResult
 * @property {string} id
 * @property {string} wasmPath
 * @property {boolean} cached
 * @property {number} bytes
 * @property {number} ms
 * @property {string} sha256
 * @property {string[]} imports  interfaces the component imports
 */

/**
 * @param {string} pluginDir
 * @param {BuildOptions} [options]
 * @returns {Promise<BuildResult>}
 */
export async function buildPlugin(pluginDir, options = {}) {
  const started = performance.now();
  const dir = resolve(pluginDir);
  const log = options.log ?? (() => {});
  const manifestPath = join(dir, 'plugin.toml');
  const manifest = readManifest(manifestPath);
  const distDir = join(dir, 'dist');
  const wasmPath = join(distDir, `${manifest.id}.wasm`);
  const hashPath = join(distDir, '.inputs-sha256');
  const hash = inputsHash(dir, options);

  if (!options.force && existsSync(wasmPath) && existsSync(hashPath) && readFileSync(hashPath, 'utf8') === hash) {
    const bytes = readFileSync(wasmPath);
    return { id: manifest.id, wasmPath, cached: true, bytes: bytes.length, ms: performance.now() - started, sha256: sha256(bytes), imports: [] };
  }

  // 0. Prepare: a plugin may generate sources first (isp-intents trains its model here). What it
  // writes is named *.generated.*, left out of the inputs hash: it follows from the inputs.
  if (manifest.prepare !== undefined) {
    const prepareStarted = performance.now();
    const { tsImport } = await import('tsx/esm/api');
    const module = /** @type {{ default?: () => unknown }} */ (await tsImport(resolve(dir, manifest.prepare), import.meta.url));
    if (typeof module.default !== 'function') throw new Error(`${manifest.prepare} must export a default function`);
    const said = await module.default();
    log(`${manifest.id}: prepared (${typeof said === 'string' ? said : manifest.prepare}) in ${((performance.now() - prepareStarted) / 1000).toFixed(1)} s`);
  }

  // 1. Bundle: the SDK prelude first (globals the QuickJS runtime lacks), then the plugin's
  // exports. `ispchat:*` stays external: those are the component's imports.
  const entry = resolve(dir, manifest.entry);
  if (!existsSync(entry)) throw new Error(`${manifestPath}: entry ${manifest.entry} does not exist`);
  const esbuild = await import('esbuild');
  const bundle = await esbuild.build({
    stdin: {
      contents: `import ${JSON.stringify(join(SDK_DIR, 'src', 'runtime', 'prelude.ts'))};\nexport * from ${JSON.stringify(entry)};\n`,
      resolveDir: dir,
      sourcefile: 'component-entry.js',
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    external: ['ispchat:*'],
    alias: { '@ispchat/plugin-sdk': join(SDK_DIR, 'src', 'index.ts') },
    minify: options.minify ?? false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const output = bundle.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  const exported = Object.values(bundle.metafile.outputs)[0]?.exports ?? [];
  const missing = WORLD_EXPORTS[manifest.kind].filter((name) => !exported.includes(name));
  if (missing.length > 0) {
    throw new Error(`${manifest.entry} must export ${missing.join(', ')} for the ${manifest.kind} world (it exports: ${exported.join(', ') || 'nothing'})`);
  }
  const forbidden = Object.keys(bundle.metafile.inputs).filter((input) => input.includes('plugin-sdk/src/testing/'));
  if (forbidden.length > 0) throw new Error(`the test harness must not be bundled into a component: ${forbidden.join(', ')}`);

  // 2. Componentize. sync: no component-model async ABI, which hosts without the async proposal
  // reject. stubWasi: every WASI import becomes a trap inside the component, so the component
  // imports only ispchat:* and the host links nothing else (no filesystem, env, clocks, sockets).
  const { componentize } = await import('componentize-qjs');
  const { component } = await componentize({
    witPath: WIT_DIR,
    jsSource: output.text,
    world: `ispchat:plugin/${manifest.kind}@1.0.0`,
    stubWasi: true,
    sync: true,
    optSize: options.optSize ?? false,
  });

  // 3. Check that the result parses as a component and imports only the contract.
  const { componentWit } = await import('@bytecodealliance/jco');
  const wit = await componentWit(component);
  const imports = [...wit.matchAll(/^\s*import ([\w:/.@-]+);/gm)].map((m) => m[1] ?? '');
  const foreign = imports.filter((name) => !name.startsWith('ispchat:'));
  if (foreign.length > 0) throw new Error(`the component imports interfaces the host does not provide: ${foreign.join(', ')}`);

  mkdirSync(distDir, { recursive: true });
  writeFileSync(wasmPath, component);
  const digest = sha256(component);
  const source = readFileSync(manifestPath, 'utf8').replace(/\s*$/, '\n');
  writeFileSync(
    join(distDir, 'plugin.toml'),
    `${source}\n# Written by ispchat-plugin build; the host checks the component against it.\n[component]\nfile = "${manifest.id}.wasm"\nsha256 = "${digest}"\nsize = ${component.length}\nsdk = "${SDK_VERSION}"\ncomponentize-qjs = "${QJS_VERSION}"\n`,
  );
  writeFileSync(hashPath, hash);
  const ms = performance.now() - started;
  log(`${manifest.id}: ${(component.length / 1024 / 1024).toFixed(2)} MiB in ${(ms / 1000).toFixed(1)} s → ${relative(process.cwd(), wasmPath)}`);
  return { id: manifest.id, wasmPath, cached: false, bytes: component.length, ms, sha256: digest, imports };
}

/**
 * A hash of everything that goes into the component: the plugin's files (dist/, node_modules/,
 * tests and what `prepare` generates excluded), the SDK's guest sources, the WIT, the exact toolchain (lockfile) and the
 * build options. Same hash, same component — so the build can be skipped.
 * @param {string} dir
 * @param {BuildOptions} options
 */
export function inputsHash(dir, options) {
  const h = createHash('sha256');
  h.update(JSON.stringify({ optSize: options.optSize ?? false, minify: options.minify ?? false, node: process.version }));
  const roots = [
    [dir, (/** @type {string} */ rel) => !/^(dist|node_modules|test|\.[^/]*)(\/|$)/.test(rel) && !/\.generated\.[^/]*$/.test(rel)],
    [join(SDK_DIR, 'src'), (/** @type {string} */ rel) => !rel.startsWith('testing/')],
    [join(SDK_DIR, 'lib'), () => true],
    [WIT_DIR, () => true],
  ];
  for (const [root, keep] of /** @type {[string, (rel: string) => boolean][]} */ (roots)) {
    for (const file of listFiles(root)) {
      const rel = relative(root, file).split(sep).join('/');
      if (!keep(rel)) continue;
      h.update(`${root}:${rel}\0`);
      h.update(readFileSync(file));
    }
  }
  for (const lock of [join(SDK_DIR, 'package-lock.json'), join(SDK_DIR, 'package.json')]) {
    if (existsSync(lock)) h.update(readFileSync(lock));
  }
  return h.digest('hex');
}

/** @param {string} root @returns {string[]} */
function listFiles(root) {
  if (!existsSync(root)) return [];
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) {
      if (name === 'node_modules' || name === 'dist') continue;
      out.push(...listFiles(path));
    } else {
      out.push(path);
    }
  }
  return out;
}

/** @param {Uint8Array} bytes */
function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}
