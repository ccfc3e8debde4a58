// What the QuickJS runtime inside a real component provides, checked through a probe plugin built
// with the SDK's own build (so this also tests the build) and run with jco against the fake host.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { buildPlugin } from '../lib/build.mjs';
import { FakeHost, fixtures, loadComponent } from '../src/testing/index';
import type { BotExports } from '../src/testing/index';

const dir = fileURLToPath(new URL('./probe-plugin/', import.meta.url));
let wasmPath = '';
before(async () => {
  wasmPath = (await buildPlugin(dir)).wasmPath;
});

async function call(command: string, host = FakeHost.forPlugin(`${dir}/plugin.toml`)): Promise<unknown> {
  const plugin = await loadComponent<BotExports>(wasmPath, host);
  const response = plugin.onMessage(fixtures.turn({ text: command }));
  const first = response.action.tag === 'reply' ? response.action.val[0] : undefined;
  return JSON.parse(first?.tag === 'text' ? first.val : 'null') as unknown;
}

test('Date.now() and new Date() read the host clock', async () => {
  const host = FakeHost.forPlugin(`${dir}/plugin.toml`, { now: Date.UTC(2031, 4, 6, 7, 8, 9) });
  assert.deepEqual(await call('clock', host), {
    dateNow: Date.UTC(2031, 4, 6, 7, 8, 9),
    iso: '2031-05-06T07:08:09.000Z',
    hostNow: Date.UTC(2031, 4, 6, 7, 8, 9),
    parsed: Date.UTC(2020, 0, 2, 3, 4, 5),
  });
});

test('console writes to the host log', async () => {
  const host = FakeHost.forPlugin(`${dir}/plugin.toml`);
  await call('console', host);
  assert.deepEqual(
    host.logs.map((l) => [l.level, l.message]),
    [
      ['info', 'from console {"a":1}'],
      ['error', 'bad 42'],
    ],
  );
});

test('TextEncoder and TextDecoder exist', async () => {
  assert.deepEqual(await call('text'), { length: 10, back: 'ação ✓' });
});

test('kv: absent is undefined through the SDK, JSON and compare-and-swap work', async () => {
  const host = FakeHost.forPlugin(`${dir}/plugin.toml`);
  const result = (await call('kv', host)) as { missing: string; doc: { value: unknown }; counter: number };
  assert.equal(result.missing, 'undefined');
  assert.deepEqual(result.doc.value, { n: 1 });
  assert.equal(result.counter, 1);
  assert.equal(JSON.parse(host.kvSnapshot()['counter'] ?? 'null'), 1);
});

test('http: JSON body out, placeholder substituted by the host, JSON back', async () => {
  const host = FakeHost.forPlugin(`${dir}/plugin.toml`, {
    secrets: { token: 'k-1' },
    http: (req) => ({ status: 201, body: { got: JSON.parse(req.bodyText) as unknown, key: req.header('x-key') === 'k-1' } }),
  });
  assert.deepEqual(await call('http', host), { status: 201, body: { got: { hello: 'mundo' }, key: true }, type: 'application/json' });
  assert.equal(host.requests[0]?.header('content-type'), 'application/json');
});

test('settings: defaults from plugin.toml; unset is undefined through the SDK', async () => {
  assert.deepEqual(await call('settings'), { greeting: 'olá', missing: true });
});

test('an unhandled host error or exception becomes a plugin-error, not a trap', async () => {
  const host = FakeHost.forPlugin(`${dir}/plugin.toml`);
  const plugin = await loadComponent<BotExports>(wasmPath, host);
  for (const command of ['host-error', 'no-such-command']) {
    assert.throws(
      () => plugin.onMessage(fixtures.turn({ text: command })),
      (e: unknown) => (e as { payload?: { code?: string } }).payload?.code === 'uncaught-exception',
    );
  }
  // The instance survived both.
  assert.deepEqual(JSON.parse(JSON.stringify(plugin.onMessage(fixtures.turn({ text: 'text' })).action)).tag, 'reply');
});
