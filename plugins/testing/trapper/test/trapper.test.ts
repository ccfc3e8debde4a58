import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { BotExports } from '@ispchat/plugin-sdk/testing';

const manifest = new URL('../plugin.toml', import.meta.url);
const wasm = new URL('../dist/trapper.wasm', import.meta.url);
const load = () => loadComponent<BotExports>(wasm, FakeHost.forPlugin(manifest));

test('a plain throw traps the component', async () => {
  const plugin = await load();
  assert.throws(() => plugin.onMessage(fixtures.turn({ text: 'crash' })), (e: unknown) => e instanceof Error && e.constructor.name === 'RuntimeError');
});

test('"error" returns a plugin-error instead of trapping', async () => {
  const plugin = await load();
  assert.throws(
    () => plugin.onMessage(fixtures.turn({ text: 'error' })),
    (e: unknown) => (e as { payload?: { code?: string } }).payload?.code === 'deliberate',
  );
  // No trap, so the same instance keeps working.
  assert.equal(plugin.onMessage(fixtures.turn({ text: 'ok' })).action.tag, 'reply');
});

test('unbounded recursion traps too', async () => {
  const plugin = await load();
  assert.throws(() => plugin.onMessage(fixtures.turn({ text: 'recursion' })));
});
