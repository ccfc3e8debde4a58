// The Rust example guest (rust/echo-bot) runs against the same fake host as TypeScript plugins.
// Optional: it needs `rustup target add wasm32-unknown-unknown` and `node rust/build.mjs
// rust/echo-bot`; without the built component the test is skipped and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { FakeHost, fixtures, loadComponent } from '../src/testing/index';
import type { BotExports } from '../src/testing/index';

const dir = new URL('../rust/echo-bot/', import.meta.url);
const wasm = new URL('dist/echo-bot-rs.wasm', dir);
const skip = existsSync(wasm) ? false : 'rust/echo-bot is not built (node rust/build.mjs rust/echo-bot)';

test('the Rust echo bot echoes and hands off', { skip }, async () => {
  const host = FakeHost.forPlugin(new URL('plugin.toml', dir), { settings: { language: 'en', 'handoff-team': 'Suporte' } });
  const plugin = await loadComponent<BotExports>(wasm, host);
  assert.deepEqual(plugin.onMessage(fixtures.turn({ text: 'olá' })).action, { tag: 'reply', val: [{ tag: 'text', val: 'You said: "olá"' }] });
  const handoff = plugin.onMessage(fixtures.turn({ text: 'I want an AGENT' })).action;
  assert.equal(handoff.tag, 'reply-and-handoff');
  assert.equal(handoff.tag === 'reply-and-handoff' ? handoff.val.handoff.team : '', 'Suporte');
  assert.deepEqual(host.logs.map((l) => l.message), ['customer asked for a human']);
});
