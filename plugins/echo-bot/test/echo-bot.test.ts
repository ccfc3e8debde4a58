import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { BotExports } from '@ispchat/plugin-sdk/testing';
import type { BotResponse, Turn } from '@ispchat/plugin-sdk';
import { onMessage } from '../src/index';

const manifest = new URL('../plugin.toml', import.meta.url);
const wasm = new URL('../dist/echo-bot.wasm', import.meta.url);
let host: FakeHost | undefined;
afterEach(() => host?.uninstall());

function replyText(response: BotResponse): string {
  const { action } = response;
  const contents = action.tag === 'reply' ? action.val : action.tag === 'reply-and-handoff' ? action.val.reply : [];
  return contents.map((c) => (c.tag === 'text' ? c.val : `<${c.tag}>`)).join('\n');
}

describe('echo-bot (source)', () => {
  test('repeats the customer text in Portuguese by default', () => {
    host = FakeHost.forPlugin(manifest).install();
    const response = onMessage(fixtures.turn({ text: 'minha internet caiu' }));
    assert.equal(response.action.tag, 'reply');
    assert.equal(replyText(response), 'Você disse: "minha internet caiu"');
  });

  test('answers in English when the language setting says so', () => {
    host = FakeHost.forPlugin(manifest, { settings: { language: 'en' } }).install();
    assert.equal(replyText(onMessage(fixtures.turn({ text: 'hello' }))), 'You said: "hello"');
  });

  for (const text of ['Quero falar com um ATENDENTE', 'humano por favor', 'I need an agent', 'atendênte!']) {
    test(`hands off to a human on "${text}"`, () => {
      host = FakeHost.forPlugin(manifest, { settings: { 'handoff-team': 'Suporte' } }).install();
      const response = onMessage(fixtures.turn({ text }));
      assert.equal(response.action.tag, 'reply-and-handoff');
      if (response.action.tag !== 'reply-and-handoff') return;
      assert.equal(response.action.val.handoff.team, 'Suporte');
      assert.equal(response.action.val.handoff.reason, 'customer-asked-for-human');
      assert.match(response.action.val.handoff.summary ?? '', /pediu atendimento humano/);
      assert.match(replyText(response), /transferir você para um atendente/);
      assert.deepEqual(host.logs.map((l) => l.message), ['customer asked for a human']);
    });
  }

  test('does not hand off on words that merely contain a keyword', () => {
    host = FakeHost.forPlugin(manifest).install();
    assert.equal(onMessage(fixtures.turn({ text: 'agentes de cobrança' })).action.tag, 'reply');
  });

  test('uses the configured handoff words', () => {
    host = FakeHost.forPlugin(manifest, { settings: { 'handoff-keywords': ['suporte'] } }).install();
    assert.equal(onMessage(fixtures.turn({ text: 'suporte' })).action.tag, 'reply-and-handoff');
    assert.equal(onMessage(fixtures.turn({ text: 'atendente' })).action.tag, 'reply');
  });

  test('explains itself when the message has no text', () => {
    host = FakeHost.forPlugin(manifest).install();
    const turn: Turn = fixtures.turn({
      message: { kind: 'attachment', contents: [{ tag: 'location', val: { latitude: -23.5, longitude: -46.6, name: undefined, address: undefined } }] },
    });
    assert.match(replyText(onMessage(turn)), /só consigo repetir textos/);
  });

  test('keeps a very long echo bounded', () => {
    host = FakeHost.forPlugin(manifest).install();
    const text = replyText(onMessage(fixtures.turn({ text: 'a'.repeat(5000) })));
    assert.ok(text.length < 1100, `echo is ${text.length} characters`);
  });
});

describe('echo-bot (built component)', () => {
  test('the component echoes and hands off like the source', async () => {
    host = FakeHost.forPlugin(manifest, { settings: { language: 'en' } });
    const plugin = await loadComponent<BotExports>(wasm, host);
    const echo = plugin.onMessage(fixtures.turn({ text: 'ping ✓' }));
    assert.equal(replyText(echo), 'You said: "ping ✓"');
    const handoff = plugin.onMessage(fixtures.turn({ text: 'agent please' }));
    assert.equal(handoff.action.tag, 'reply-and-handoff');
    assert.equal(host.logs.length, 1);
  });
});
