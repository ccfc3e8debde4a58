// Run a built component (dist/<id>.wasm) in Node against a FakeHost: the component is transpiled
// with jco into JavaScript + core modules and instantiated with the fake host's imports, so a
// test exercises exactly the bytes the host will load — QuickJS, the prelude, the canonical ABI.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile } from '@bytecodealliance/jco';
import type { FakeHost } from './fake-host';
import type { BotResponse, Turn } from 'ispchat:types/bot@1.0.0';
import type { RoutingDecision, RoutingRequest } from 'ispchat:types/router@1.0.0';
import type { Classification } from 'ispchat:types/classifier@1.0.0';
import type { Message } from 'ispchat:types/messages@1.0.0';
import type { ChannelInfo, OutboundMessage, SendReceipt, WebhookRequest, WebhookResult } from 'ispchat:types/channel@1.0.0';

/** The world's exports, called like the host calls them (errors thrown with `payload`). */
export type ComponentExports = Record<string, (...args: never[]) => unknown>;
export interface BotExports {
  onMessage(turn: Turn): BotResponse;
}
export interface RouterExports {
  route(request: RoutingRequest): RoutingDecision;
}
export interface ClassifierExports {
  classify(batch: Message[]): Classification[];
}
export interface ChannelExports {
  describe(): ChannelInfo;
  handleWebhook(request: WebhookRequest): WebhookResult;
  send(message: OutboundMessage): SendReceipt;
}

/**
 * Transpile (cached by content hash under the OS temp folder) and instantiate `wasmPath` with the
 * imports of `host`. Values come back as the guest sees them: u64 as numbers.
 */
export async function loadComponent<T = ComponentExports>(wasmPath: string | URL, host: FakeHost): Promise<T> {
  const path = wasmPath instanceof URL ? wasmPath : pathToFileURL(wasmPath);
  if (!existsSync(path)) throw new Error(`${path.pathname} does not exist: run \`ispchat-plugin build\` first`);
  const bytes = readFileSync(path);
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const outDir = join(tmpdir(), 'ispchat-plugin-sdk', digest);
  const entry = join(outDir, 'component.js');
  if (!existsSync(entry)) {
    const { files } = await transpile(bytes, { name: 'component', instantiation: 'sync', noComponentErrorWrapping: false });
    for (const [name, contents] of Object.entries(files)) {
      mkdirSync(dirname(join(outDir, name)), { recursive: true });
      writeFileSync(join(outDir, name), contents);
    }
  }
  const mod = (await import(pathToFileURL(entry).href)) as {
    instantiate: (getCore: (p: string) => object, imports: Record<string, unknown>) => Record<string, unknown>;
  };
  // @types/node 20 declares no WebAssembly global; Node has it.
  const wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly;
  const imports: Record<string, unknown> = {};
  for (const [name, fns] of Object.entries(host.imports)) {
    const wrapped: Record<string, unknown> = {};
    for (const [fn, impl] of Object.entries(fns as Record<string, (...a: unknown[]) => unknown>)) {
      // jco hands u64 arguments over as bigint; the fake host, like guest code, speaks number.
      wrapped[fn] = (...args: unknown[]) => impl(...args.map(toNumbers));
    }
    // jco looks imports up both with and without the version suffix, depending on the version.
    imports[name] = wrapped;
    imports[name.replace(/@.*$/, '')] = wrapped;
  }
  // The types-only interfaces are imported too, with nothing in them.
  for (const iface of ['common', 'messages', 'conversations', 'channel', 'bot', 'classifier', 'router']) {
    imports[`ispchat:types/${iface}@1.0.0`] = {};
    imports[`ispchat:types/${iface}`] = {};
  }
  const instance = mod.instantiate((p) => new wasm.Module(readFileSync(join(outDir, p))), imports);
  const exports: Record<string, (...args: unknown[]) => unknown> = {};
  for (const [name, value] of Object.entries(instance)) {
    // `init` is componentize-qjs's build-time entry point, not part of the world.
    if (typeof value !== 'function' || name === 'init') continue;
    exports[name] = (...args: unknown[]) => {
      try {
        return toNumbers(value(...args));
      } catch (error) {
        // jco's ComponentError has a read-only payload; rethrow with numbers instead of bigints.
        if (typeof error === 'object' && error !== null && 'payload' in error) {
          throw new ExportError(name, toNumbers((error as { payload: unknown }).payload));
        }
        throw error;
      }
    };
  }
  return exports as T;
}

/** An export returned `err(payload)`. */
export class ExportError extends Error {
  readonly payload: unknown;
  constructor(exportName: string, payload: unknown) {
    super(`${exportName} returned err: ${JSON.stringify(payload)}`);
    this.payload = payload;
  }
}

function toNumbers(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toNumbers);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toNumbers(v);
    return out;
  }
  return value;
}
