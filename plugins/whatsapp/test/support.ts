// Shared by the plugin's tests: fixtures, signing, and the plugin run two ways (TypeScript source
// against the installed fake host, and the built component against the same fake).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { ExportError, FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { ChannelExports, FakeHostOptions, HttpHandler } from '@ispchat/plugin-sdk/testing';
import type { ChannelHandlers, InboundEvent, InboundMessage, WebhookRequest } from '@ispchat/plugin-sdk';
import * as source from '../src/index';

export const manifest = new URL('../plugin.toml', import.meta.url);
const wasm = new URL('../dist/whatsapp.wasm', import.meta.url);

export const APP_SECRET = 'test-app-secret';
export const VERIFY_TOKEN = 'verify-me-please';
export const TOKEN = 'EAAtest-token';
export const PHONE_NUMBER_ID = '106540352242922';
export const GRAPH = 'https://graph.facebook.com/v21.0';

export function fixture(name: string): string {
  return readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

export function signature(body: string, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function signed(body: string, secret = APP_SECRET): WebhookRequest {
  return fixtures.webhookRequest({ body, headers: [['content-type', 'application/json'], ['x-hub-signature-256', signature(body, secret)]] });
}

export type Plugin = ChannelHandlers | ChannelExports;

export interface Running {
  plugin: Plugin;
  host: FakeHost;
}

export type Runner = (options?: Partial<FakeHostOptions> & { http?: HttpHandler }) => Promise<Running>;

function hostFor(options: Partial<FakeHostOptions> = {}): FakeHost {
  return FakeHost.forPlugin(manifest, {
    settings: { 'phone-number-id': PHONE_NUMBER_ID },
    secrets: { 'app-secret': APP_SECRET, 'verify-token': VERIFY_TOKEN, 'access-token': TOKEN },
    ...options,
  });
}

let installed: FakeHost | undefined;

export function uninstall(): void {
  installed?.uninstall();
  installed = undefined;
}

/** Both ways to run the plugin, for `for (const [name, run] of RUNNERS)`. */
export const RUNNERS: [string, Runner][] = [
  [
    'source',
    async (options) => {
      uninstall();
      installed = hostFor(options).install();
      return { plugin: source, host: installed };
    },
  ],
  [
    'component',
    async (options) => {
      const host = hostFor(options);
      return { plugin: await loadComponent<ChannelExports>(wasm, host), host };
    },
  ],
];

/** The error payload an export returned. */
export function failure<T = { kind: string; message: string; retryable: boolean; retryAfterMs?: number | null }>(action: () => unknown): T {
  try {
    action();
  } catch (error) {
    if (error instanceof ExportError) return error.payload as T;
    if (typeof error === 'object' && error !== null && 'payload' in error) return (error as { payload: T }).payload;
    throw error;
  }
  return assert.fail('the call did not fail');
}

export function onlyMessage(events: InboundEvent[]): InboundMessage {
  assert.equal(events.length, 1, JSON.stringify(events));
  const event = events[0];
  assert.equal(event?.tag, 'message');
  if (event?.tag !== 'message') throw new Error('unreachable');
  return event.val;
}

/** Optional fields arrive as undefined from the source and null from the component. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === undefined ? null : v instanceof Uint8Array ? Array.from(v) : v))) as T;
}
