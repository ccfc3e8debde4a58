import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { BotExports } from '@ispchat/plugin-sdk/testing';
import type { BotResponse } from '@ispchat/plugin-sdk';
import { onMessage } from '../src/index';

const manifest = new URL('../plugin.toml', import.meta.url);
let host: FakeHost | undefined;
afterEach(() => host?.uninstall());

function outcomes(response: BotResponse): Record<string, string> {
  assert.equal(response.action.tag, 'reply');
  const content = response.action.tag === 'reply' ? response.action.val[0] : undefined;
  assert.equal(content?.tag, 'text');
  const list = JSON.parse(content?.tag === 'text' ? content.val : '[]') as { url: string; outcome: string }[];
  return Object.fromEntries(list.map((p) => [p.url, p.outcome.replace(/:.*$/s, (m) => m.split(':').slice(0, 2).join(':'))]));
}

const expected = {
  'https://undeclared.example.org/steal': 'error:host-not-allowed',
  'http://127.0.0.1/admin': 'error:address-blocked',
  'http://localhost/admin': 'error:address-blocked',
  'http://169.254.169.254/latest/meta-data/': 'error:address-blocked',
  'http://[::1]/': 'error:address-blocked',
  'http://100.64.0.1/': 'error:address-blocked',
  'http://10.0.0.1/': 'error:address-blocked',
};

test('every probe is refused, and nothing reaches the network', () => {
  host = FakeHost.forPlugin(manifest, { http: () => ({ status: 200, body: 'leaked' }) }).install();
  assert.deepEqual(outcomes(onMessage(fixtures.turn({ text: 'go' }))), expected);
  assert.equal(host.requests.length, 0);
});

test('the built component gets the same refusals', async () => {
  const fake = FakeHost.forPlugin(manifest, { http: () => ({ status: 200 }) });
  const plugin = await loadComponent<BotExports>(new URL('../dist/http-prober.wasm', import.meta.url), fake);
  assert.deepEqual(outcomes(plugin.onMessage(fixtures.turn({ text: 'go' }))), expected);
  assert.equal(fake.requests.length, 0);
});
