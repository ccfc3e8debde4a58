import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { BotExports } from '@ispchat/plugin-sdk/testing';
import type { BotResponse } from '@ispchat/plugin-sdk';
import { onMessage } from '../src/index';

const manifest = new URL('../plugin.toml', import.meta.url);
const secrets = { 'api-token': 'tok-123', 'public-key': 'pk-abc' };
let host: FakeHost | undefined;
afterEach(() => host?.uninstall());

function report(response: BotResponse): Record<string, string> {
  const first = response.action.tag === 'reply' ? response.action.val[0] : undefined;
  return JSON.parse(first?.tag === 'text' ? first.val : '{}') as Record<string, string>;
}

const expected = {
  'api-token': 'error:denied',
  'public-key': 'value:pk-abc',
  undeclared: 'error:not-declared',
  'api-token-is-set': 'true',
  'api-token-hmac-bytes': '32',
};

test('only the secret declared with reveal = true can be read', () => {
  host = FakeHost.forPlugin(manifest, { secrets }).install();
  assert.deepEqual(report(onMessage(fixtures.turn({ text: 'go' }))), expected);
});

test('the built component is held to the same rule', async () => {
  const plugin = await loadComponent<BotExports>(new URL('../dist/secret-reader.wasm', import.meta.url), FakeHost.forPlugin(manifest, { secrets }));
  assert.deepEqual(report(plugin.onMessage(fixtures.turn({ text: 'go' }))), expected);
});
