// @ts-check
// Node module hooks for plugin tests:
// - `ispchat:host/<interface>@1.x` (the component's imports) resolve to small generated modules
//   that forward every call to the FakeHost installed on globalThis (fake-host.ts);
// - `ispchat:types/*` have no runtime values; a stray value import gets an empty module;
// - `@ispchat/plugin-sdk` and `@ispchat/plugin-sdk/testing` resolve to this SDK, exactly like the
//   build's alias, so tests and components use the same code.
import { fileURLToPath } from 'node:url';

const SDK = {
  '@ispchat/plugin-sdk': new URL('../index.ts', import.meta.url).href,
  '@ispchat/plugin-sdk/testing': new URL('./index.ts', import.meta.url).href,
};

/** The functions of each host interface, as JavaScript names (from types/interfaces/*.d.ts). */
const HOST_FUNCTIONS = {
  log: ['write'],
  config: ['get', 'getAll'],
  secrets: ['isSet', 'reveal'],
  crypto: ['digest', 'hmac', 'hmacVerify', 'randomBytes'],
  kv: ['get', 'set', 'delete', 'compareAndSwap'],
  http: ['send'],
  clock: ['nowMs'],
};

/**
 * @param {string} specifier
 * @param {{ parentURL?: string }} context
 * @param {(specifier: string, context: object) => Promise<{ url: string }>} next
 */
export async function resolve(specifier, context, next) {
  const host = /^ispchat:host\/([a-z-]+)@1\.\d+\.\d+$/.exec(specifier);
  if (host) return { url: `ispchat-fake:host/${host[1]}`, shortCircuit: true };
  if (specifier.startsWith('ispchat:types/')) return { url: 'ispchat-fake:types', shortCircuit: true };
  // Handed on (not short-circuited) so that tsx still treats the file as TypeScript.
  if (specifier in SDK) return next(SDK[/** @type {keyof typeof SDK} */ (specifier)], context);
  return next(specifier, context);
}

/**
 * @param {string} url
 * @param {object} context
 * @param {(url: string, context: object) => Promise<object>} next
 */
export async function load(url, context, next) {
  if (url === 'ispchat-fake:types') return { format: 'module', source: 'export {};', shortCircuit: true };
  const m = /^ispchat-fake:host\/([a-z-]+)$/.exec(url);
  if (m) {
    const iface = /** @type {keyof typeof HOST_FUNCTIONS} */ (m[1]);
    const functions = HOST_FUNCTIONS[iface];
    if (!functions) throw new Error(`no such host interface: ispchat:host/${m[1]}`);
    const name = `ispchat:host/${iface}@1.0.0`;
    const lines = [
      `const key = Symbol.for('ispchat.plugin-sdk.fake-host');`,
      `function target() {`,
      `  const host = globalThis[key];`,
      `  if (!host) throw new Error(${JSON.stringify(`${name} was called with no fake host installed: create a FakeHost and call install() (see @ispchat/plugin-sdk/testing)`)});`,
      `  return host.imports[${JSON.stringify(name)}];`,
      `}`,
    ];
    for (const fn of functions) {
      const local = fn === 'delete' ? '_delete' : fn;
      lines.push(`function ${local}(...args) { return target().${fn}(...args); }`);
      lines.push(`export { ${local} as ${fn} };`);
    }
    return { format: 'module', source: lines.join('\n'), shortCircuit: true };
  }
  return next(url, context);
}

export const sdkRoot = fileURLToPath(new URL('../..', import.meta.url));
