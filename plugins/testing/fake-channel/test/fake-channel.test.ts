import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { ExportError, FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { ChannelExports } from '@ispchat/plugin-sdk/testing';
import type { ChannelHandlers, WebhookRequest, WebhookResult } from '@ispchat/plugin-sdk';
import { utf8Decode } from '@ispchat/plugin-sdk';
import * as source from '../src/index';

const manifest = new URL('../plugin.toml', import.meta.url);
const wasm = new URL('../dist/fake-channel.wasm', import.meta.url);
const SECRET = 'shh-not-for-plugins';
let host: FakeHost | undefined;
afterEach(() => host?.uninstall());

function signed(body: string, secret = SECRET): WebhookRequest {
  const signature = createHmac('sha256', secret).update(body).digest('hex');
  return fixtures.webhookRequest({ body, headers: [['x-signature', signature]] });
}

const bodyOf = (result: WebhookResult): string => utf8Decode(result.response.body);

function sendError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    if (error instanceof ExportError) return error.payload;
    if (typeof error === 'object' && error !== null && 'payload' in error) return (error as { payload: unknown }).payload;
    throw error;
  }
  assert.fail('send did not fail');
}

// The same behaviour from the TypeScript source (against the fake host) and the built component.
function behaves(name: string, plugin: () => Promise<ChannelHandlers | ChannelExports>): void {
  describe(name, () => {
    test('describe is constant', async () => {
      const p = await plugin();
      assert.deepEqual(p.describe(), p.describe());
      assert.equal(p.describe().kind, 'fake');
    });

    test('a correctly signed message becomes one message event', async () => {
      const p = await plugin();
      const result = p.handleWebhook(signed(JSON.stringify({ id: 'w1', from: '5511999', name: 'Ana', text: 'oi' })));
      assert.equal(result.response.status, 200);
      assert.equal(result.events.length, 1);
      const event = result.events[0];
      assert.equal(event?.tag, 'message');
      if (event?.tag !== 'message') return;
      assert.equal(event.val.externalId, 'w1');
      assert.equal(event.val.sender.externalId, '5511999');
      assert.equal(event.val.sender.displayName, 'Ana');
      assert.deepEqual(event.val.contents, [{ tag: 'text', val: 'oi' }]);
    });

    test('a signed status becomes a delivery report', async () => {
      const p = await plugin();
      const result = p.handleWebhook(signed(JSON.stringify({ status: 'read', id: 'fake-m1' })));
      assert.equal(result.response.status, 200);
      assert.equal(result.events[0]?.tag, 'delivery');
      if (result.events[0]?.tag === 'delivery') assert.equal(result.events[0].val.state, 'read');
    });

    test('a bad, foreign or missing signature answers 401 with no events', async () => {
      const p = await plugin();
      const body = JSON.stringify({ id: 'w1', from: '5511999', text: 'oi' });
      const forged = signed(body, 'guessed');
      const missing = fixtures.webhookRequest({ body });
      const notHex = fixtures.webhookRequest({ body, headers: [['x-signature', 'zz']] });
      const tampered = { ...signed(body), body: signed(body.replace('oi', 'pix')).body };
      for (const request of [forged, missing, notHex, tampered]) {
        const result = p.handleWebhook(request);
        assert.equal(result.response.status, 401);
        assert.deepEqual(result.events, []);
      }
    });

    test('the GET verification echoes hub.challenge', async () => {
      const p = await plugin();
      const result = p.handleWebhook(fixtures.webhookRequest({ method: 'GET', query: 'hub.mode=subscribe&hub.challenge=12%2034&hub.verify_token=x' }));
      assert.equal(result.response.status, 200);
      assert.equal(bodyOf(result), '12 34');
      assert.equal(p.handleWebhook(fixtures.webhookRequest({ method: 'GET' })).response.status, 400);
    });

    test('contents on cue pass through after the text, with the message answered', async () => {
      const p = await plugin();
      const location = { tag: 'location', val: { latitude: -23.5, longitude: -46.6, name: 'Casa', address: undefined } };
      const body = { id: 'w2', from: '5511999', text: 'aqui', contents: [location], replyTo: 'fake-m1' };
      const result = p.handleWebhook(signed(JSON.stringify(body)));
      const event = result.events[0];
      assert.equal(event?.tag, 'message');
      if (event?.tag !== 'message') return;
      assert.equal(event.val.contents.length, 2);
      assert.deepEqual(event.val.contents[0], { tag: 'text', val: 'aqui' });
      assert.equal(event.val.contents[1]?.tag, 'location');
      assert.equal(event.val.replyToExternalId, 'fake-m1');
      const onlyContents = p.handleWebhook(signed(JSON.stringify({ id: 'w3', from: '5511999', contents: [location] })));
      assert.equal(onlyContents.events.length, 1);
    });

    test('send returns the external id, or typed errors on cue', async () => {
      const p = await plugin();
      assert.equal(p.send(fixtures.outboundMessage({ messageId: 'm7' })).externalId, 'fake-m7');
      type Failure = { kind: string; retryable: boolean; retryAfterMs?: number | null };
      const outside = sendError(() => p.send(fixtures.outboundMessage({ recipient: 'outside' }))) as Failure;
      assert.equal(outside.kind, 'outside-window');
      assert.equal(outside.retryable, false);
      assert.equal(outside.retryAfterMs ?? null, null);
      const busy = sendError(() => p.send(fixtures.outboundMessage({ recipient: 'busy' }))) as Failure;
      assert.equal(busy.kind, 'rate-limited');
      assert.equal(busy.retryable, true);
      assert.equal(busy.retryAfterMs, 30_000);
    });

    test('signals are opted in by setting and recorded in kv, never sent as messages', async () => {
      const p = await plugin();
      assert.equal(p.describe().ext, '');
      const signal = fixtures.outboundMessage({ messageId: 's1', recipient: '5511987654321', contents: [], ext: '{"signal":"mark-read","externalId":"wamid.9"}' });
      assert.equal(p.send(signal).externalId, 'signal-s1');
      assert.deepEqual(JSON.parse(host?.kvSnapshot()['signal:s1'] ?? 'null'), { signal: 'mark-read', externalId: 'wamid.9', recipient: '5511987654321' });
    });
  });
}

test('the signals setting opts in through describe().ext', () => {
  host = FakeHost.forPlugin(manifest, { settings: { signals: ['mark-read', 'typing'] } }).install();
  assert.deepEqual(JSON.parse(source.describe().ext), { signals: ['mark-read', 'typing'] });
});

behaves('fake-channel (source)', async () => {
  host = FakeHost.forPlugin(manifest, { secrets: { 'app-secret': SECRET } }).install();
  return source;
});

behaves('fake-channel (built component)', async () => {
  host = FakeHost.forPlugin(manifest, { secrets: { 'app-secret': SECRET } });
  return loadComponent<ChannelExports>(wasm, host);
});

test('send records what it got in kv, and plain describes a text-only channel', () => {
  host = FakeHost.forPlugin(manifest, { secrets: { 'app-secret': SECRET } }).install();
  source.send(fixtures.outboundMessage({ messageId: 'm9' }));
  const sent = JSON.parse(host.kvSnapshot()['sent:m9'] ?? '{}') as { messageId?: string };
  assert.equal(sent.messageId, 'm9');
  assert.equal(source.describe().supportsTemplates, true);
  host.uninstall();
  host = FakeHost.forPlugin(manifest, { settings: { plain: true } }).install();
  assert.equal(source.describe().supportsTemplates, false);
  assert.equal(source.describe().supportsAttachments, false);
});

test('without the secret the webhook is a plugin-error, not a 401', () => {
  host = FakeHost.forPlugin(manifest).install();
  assert.throws(() => source.handleWebhook(signed('{}')), (error: unknown) => {
    const payload = (error as { payload?: { code?: string } }).payload;
    return payload?.code === 'secret-unavailable';
  });
});
