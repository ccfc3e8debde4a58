import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHost, fixtures } from '@ispchat/plugin-sdk/testing';
import { FOREIGN_KEYS, MARKER_KEY, onMessage } from '../src/index';

let host: FakeHost | undefined;
afterEach(() => host?.uninstall());

test('reports what it read and plants its marker', () => {
  host = FakeHost.forPlugin(new URL('../plugin.toml', import.meta.url)).install();
  const response = onMessage(fixtures.turn({ text: 'go' }));
  const text = response.action.tag === 'reply' && response.action.val[0]?.tag === 'text' ? response.action.val[0].val : '';
  const seen = JSON.parse(text) as Record<string, string>;
  assert.deepEqual(Object.keys(seen), FOREIGN_KEYS);
  // The fake host holds one plugin's store, so every foreign spelling is simply absent here; the
  // real host must give the same answers with round-robin's rotation stored beside it.
  for (const value of Object.values(seen)) assert.equal(value, 'absent');
  assert.equal(host.kvSnapshot()[MARKER_KEY], '"planted by kv-spy"');
});
