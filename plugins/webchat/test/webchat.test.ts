import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from '@ispchat/plugin-sdk/testing';
import type { Content } from '@ispchat/plugin-sdk';
import { utf8Decode } from '@ispchat/plugin-sdk';
import { normalise, typeAllowed } from '../src/visitor';
import { RUNNERS, VISITOR, failure, hostPost, plain, uninstall } from './support';

afterEach(uninstall);

const EXTERNAL = `web:${VISITOR.contactId}:c-1`;

function message(text: string, extra: object = {}): object {
  return { visitor: VISITOR, clientMessageId: 'c-1', text, sentAt: 1_700_000_000_000, ...extra };
}

function answerOf(response: { status: number; body: Uint8Array }): { status: number; body: Record<string, unknown> } {
  return { status: response.status, body: JSON.parse(utf8Decode(response.body)) as Record<string, unknown> };
}

describe('pure rules', () => {
  test('normalise trims, unifies line breaks and strips controls but not tabs or newlines', () => {
    assert.equal(normalise('  olá\r\nmundo\u0007\u200B\u202E!\t ', true), 'olá\nmundo!');
    assert.equal(normalise('a\tb\nc', true), 'a\tb\nc');
    assert.equal(normalise(' a\u0007 ', false), 'a\u0007');
  });

  test('file types match exactly or by family, case and parameters ignored', () => {
    const allowed = ['image/*', 'application/pdf'];
    assert.equal(typeAllowed('image/png', allowed), true);
    assert.equal(typeAllowed('IMAGE/JPEG; q=1', allowed), true);
    assert.equal(typeAllowed('application/pdf', allowed), true);
    assert.equal(typeAllowed('application/zip', allowed), false);
    assert.equal(typeAllowed('imagex/png', allowed), false);
  });
});

for (const [name, run] of RUNNERS) {
  describe(`webchat (${name})`, () => {
    test('describe: kind web-chat, the configured text length, files and choices, read receipts, no window', async () => {
      const { plugin } = await run({ settings: { 'max-text-length': 500 } });
      assert.deepEqual(plain(plugin.describe()), {
        kind: 'web-chat',
        maxTextLength: 500,
        supportsAttachments: true,
        supportsLocations: false,
        supportsChoices: true,
        supportsTemplates: false,
        supportsReadReceipts: true,
        replyWindowMs: null,
        ext: '{}',
      });
      const { plugin: defaults } = await run();
      assert.equal(defaults.describe().maxTextLength, 4096);
    });

    test('a visitor text becomes one normalised message under the visitor identifier', async () => {
      const { plugin } = await run();
      const result = plugin.handleWebhook(hostPost('/visitor/messages', message('  Minha internet caiu\u0000  ')));
      assert.equal(result.response.status, 200);
      assert.deepEqual(plain(result.events), [
        {
          tag: 'message',
          val: {
            externalId: EXTERNAL,
            sender: { externalId: VISITOR.identifier, displayName: null, phone: null, email: null },
            contents: [{ tag: 'text', val: 'Minha internet caiu' }],
            sentAt: 1_700_000_000_000,
            replyToExternalId: null,
            ext: '',
          },
        },
      ]);
    });

    test('empty and too long texts are refused naming content, in the visitor language', async () => {
      const { plugin } = await run({ settings: { 'max-text-length': 10 } });
      const empty = plugin.handleWebhook(hostPost('/visitor/messages', message(' \u0007 ')));
      assert.deepEqual(answerOf(empty.response), { status: 422, body: { field: 'content', message: 'A mensagem está vazia.' } });
      assert.deepEqual(empty.events, []);
      const long = plugin.handleWebhook(hostPost('/visitor/messages', message('x'.repeat(11)), 'en'));
      assert.deepEqual(answerOf(long.response), { status: 422, body: { field: 'content', message: 'The message has 11 characters; the limit is 10.' } });
      const longPt = plugin.handleWebhook(hostPost('/visitor/messages', message('ç'.repeat(11))));
      assert.equal(answerOf(longPt.response).body.message, 'A mensagem tem 11 caracteres; o máximo é 10.');
      // Exactly the limit passes, counted in characters, not bytes.
      assert.equal(plugin.handleWebhook(hostPost('/visitor/messages', message('ç'.repeat(10)))).response.status, 200);
    });

    test('a clicked choice becomes the interactive reply WhatsApp button replies produce', async () => {
      const { plugin } = await run();
      const result = plugin.handleWebhook(hostPost('/visitor/messages', message('2ª via do boleto', { choice: { id: 'boleto', title: '2ª via do boleto' } })));
      assert.equal(result.events.length, 1);
      const event = plain(result.events[0]) as { val: { contents: Content[] } };
      assert.deepEqual(event.val.contents, [{ tag: 'choice-selected', val: { id: 'boleto', title: '2ª via do boleto', description: null } }]);
      const noId = plugin.handleWebhook(hostPost('/visitor/messages', message('x', { choice: { title: 'x' } })));
      assert.deepEqual(answerOf(noId.response), { status: 422, body: { field: 'choiceId', message: 'A opção escolhida não é válida.' } });
    });

    test('an allowed upload is linked by its id; other types are refused naming file', async () => {
      const { plugin } = await run({ settings: { 'allowed-file-types': ['image/*', 'application/pdf'] } });
      const upload = { uploadId: '0193a7c4-0000-7000-8000-0000000000ff', mimeType: 'image/png', fileName: 'modem.png', sizeBytes: 2048 };
      const ok = plugin.handleWebhook(hostPost('/visitor/messages', message(' luz vermelha ', { attachment: upload })));
      assert.equal(ok.response.status, 200);
      const event = plain(ok.events[0]) as { val: { contents: Content[] } };
      assert.deepEqual(event.val.contents, [
        {
          tag: 'attachment',
          val: { mimeType: 'image/png', url: `ispchat-upload:${upload.uploadId}`, downloadHeaders: [], fileName: 'modem.png', sizeBytes: 2048, caption: 'luz vermelha' },
        },
      ]);
      const zip = plugin.handleWebhook(hostPost('/visitor/messages', message('', { attachment: { ...upload, mimeType: 'application/zip' } }), 'en'));
      assert.deepEqual(answerOf(zip.response), { status: 415, body: { field: 'file', message: 'Files of type application/zip are not accepted in this chat.' } });
      assert.deepEqual(zip.events, []);
    });

    test('the default file types take images, PDF, audio and video only', async () => {
      const { plugin } = await run();
      const post = (mimeType: string) =>
        plugin.handleWebhook(hostPost('/visitor/messages', message('', { attachment: { uploadId: 'u', mimeType, fileName: 'f', sizeBytes: 1 } }))).response.status;
      assert.deepEqual(['image/jpeg', 'application/pdf', 'audio/ogg', 'video/mp4', 'text/plain', 'application/zip'].map(post), [200, 200, 200, 200, 415, 415]);
    });

    test('requests that are not the host’s shapes are refused without events', async () => {
      const { plugin } = await run();
      const noVisitor = plugin.handleWebhook(hostPost('/visitor/messages', { clientMessageId: 'c', text: 'oi' }));
      assert.equal(noVisitor.response.status, 400);
      assert.deepEqual(noVisitor.events, []);
      assert.equal(plugin.handleWebhook(hostPost('/elsewhere', message('oi'))).response.status, 404);
      assert.equal(plugin.handleWebhook(fixtures.webhookRequest({ method: 'GET', path: '/visitor/messages' })).response.status, 405);
    });

    test('read: one read report per reply named, duplicates once', async () => {
      const { plugin } = await run();
      const result = plugin.handleWebhook(hostPost('/visitor/read', { visitor: VISITOR, externalIds: ['webchat:a', 'webchat:b', 'webchat:a', 7], at: 1_700_000_000_500 }));
      assert.equal(result.response.status, 200);
      assert.deepEqual(plain(result.events), [
        { tag: 'delivery', val: { externalId: 'webchat:a', state: 'read', at: 1_700_000_000_500, error: null } },
        { tag: 'delivery', val: { externalId: 'webchat:b', state: 'read', at: 1_700_000_000_500, error: null } },
      ]);
    });

    test('send answers an id derived from the host message, the same on a repeat', async () => {
      const { plugin } = await run();
      const out = fixtures.outboundMessage({ messageId: 'm-42', text: 'Olá! Como posso ajudar?' });
      assert.equal(plugin.send(out).externalId, 'webchat:m-42');
      assert.equal(plugin.send(out).externalId, 'webchat:m-42');
      const prompt = fixtures.outboundMessage({ messageId: 'm-43', contents: [{ tag: 'choices', val: { prompt: 'Escolha', options: [{ id: 'a', title: 'A', description: undefined }] } }] });
      assert.equal(plugin.send(prompt).externalId, 'webchat:m-43');
    });

    test('send refuses what the widget cannot show, with a reason, not retryable', async () => {
      const { plugin } = await run({ settings: { 'max-text-length': 5 } });
      const refused = (contents: Content[]) => failure(() => plugin.send(fixtures.outboundMessage({ contents })));
      const long = refused([{ tag: 'text', val: 'seis c' }]);
      assert.deepEqual({ kind: long.kind, retryable: long.retryable }, { kind: 'invalid-content', retryable: false });
      assert.match(long.message, /6 characters; the web chat shows at most 5/);
      assert.match(refused([{ tag: 'location', val: { latitude: 1, longitude: 2, name: undefined, address: undefined } }]).message, /cannot show a location/);
      assert.match(refused([{ tag: 'template', val: { name: 'boleto', language: 'pt_BR', parameters: [] } }]).message, /no templates/);
      assert.match(refused([{ tag: 'choices', val: { prompt: 'x', options: [] } }]).message, /without options/);
      assert.match(refused([{ tag: 'other', val: '{}' }]).message, /nothing the web chat can show/);
    });
  });
}
