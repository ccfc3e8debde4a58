import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHost, fixtures } from '@ispchat/plugin-sdk/testing';
import { onMessage, parseCommand } from '../src/index';

let host: FakeHost | undefined;
afterEach(() => host?.uninstall());

test('parses its command, with 1000 lines by default', () => {
  assert.deepEqual(parseCommand('flood 500'), { mode: 'flood', count: 500 });
  assert.deepEqual(parseCommand('long 3000'), { mode: 'long', count: 3000 });
  assert.deepEqual(parseCommand('go'), { mode: 'flood', count: 1000 });
});

test('writes every line it was asked for (limiting them is the host’s job)', () => {
  host = FakeHost.forPlugin(new URL('../plugin.toml', import.meta.url)).install();
  const response = onMessage(fixtures.turn({ text: 'flood 120' }));
  assert.equal(response.action.tag, 'reply');
  assert.equal(host.logs.length, 120);
  assert.equal(host.logs[119]?.message, 'log-flood line 119');
});
