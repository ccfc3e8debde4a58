// The plugin run two ways (TypeScript source against the installed fake host, and the built
// component against the same fake), and the host's request shapes.
import assert from 'node:assert/strict';
import { ExportError, FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { ChannelExports, FakeHostOptions } from '@ispchat/plugin-sdk/testing';
import type { ChannelHandlers, WebhookRequest } from '@ispchat/plugin-sdk';
import * as source from '../src/index';

const manifest = new URL('../plugin.toml', import.meta.url);
const wasm = new URL('../dist/webchat.wasm', import.meta.url);

export type Plugin = ChannelHandlers | ChannelExports;
export type Runner = (options?: Partial<FakeHostOptions>) => Promise<{ plugin: Plugin; host: FakeHost }>;

let installed: FakeHost | undefined;

export function uninstall(): void {
  installed?.uninstall();
  installed = undefined;
}

export const RUNNERS: [string, Runner][] = [
  [
    'source',
    async (options) => {
      uninstall();
      installed = FakeHost.forPlugin(manifest, options).install();
      return { plugin: source, host: installed };
    },
  ],
  [
    'component',
    async (options) => {
      const host = FakeHost.forPlugin(manifest, options);
      return { plugin: await loadComponent<ChannelExports>(wasm, host), host };
    },
  ],
];

export const VISITOR = { contactId: '0193a7c4-0000-7000-8000-000000000001', identifier: 'visitor:abc123' };

/** What the host posts for a visitor, as JSON, with the visitor's locale. */
export function hostPost(path: string, body: object, locale = 'pt-BR'): WebhookRequest {
  return fixtures.webhookRequest({
    method: 'POST',
    path,
    body: JSON.stringify(body),
    headers: [
      ['content-type', 'application/json'],
      ['x-ispchat-locale', locale],
    ],
  });
}

/** The error payload an export returned. */
export function failure<T = { kind: string; message: string; retryable: boolean }>(action: () => unknown): T {
  try {
    action();
  } catch (error) {
    if (error instanceof ExportError) return error.payload as T;
    if (typeof error === 'object' && error !== null && 'payload' in error) return (error as { payload: T }).payload;
    throw error;
  }
  return assert.fail('the call did not fail');
}

/** Optional fields arrive as undefined from the source and null from the component. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === undefined ? null : typeof v === 'bigint' ? Number(v) : v))) as T;
}
