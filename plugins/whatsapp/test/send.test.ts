import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from '@ispchat/plugin-sdk/testing';
import type { FakeHost, SentRequest } from '@ispchat/plugin-sdk/testing';
import type { Content } from '@ispchat/plugin-sdk';
import { GRAPH, PHONE_NUMBER_ID, RUNNERS, TOKEN, failure, fixtureJson, uninstall } from './support';

afterEach(uninstall);

const URL_MESSAGES = `${GRAPH}/${PHONE_NUMBER_ID}/messages`;
const TO = '5511987654321';
const SENT = fixtureJson<{ messages: { id: string }[] }>('send-ok');
const WAMID = SENT.messages[0]?.id ?? '';
const ERRORS = fixtureJson<Record<string, { status: number; body: object }>>('errors');

const ok = () => ({ status: 200, body: SENT });
const json = (request: SentRequest | undefined): unknown => JSON.parse(request?.bodyText ?? 'null');
const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };

function only(host: FakeHost): SentRequest {
  assert.equal(host.requests.length, 1, host.requests.map((r) => r.url).join(', '));
  const request = host.requests[0] as SentRequest;
  assert.equal(request.method, 'POST');
  assert.equal(request.url, URL_MESSAGES);
  assert.equal(request.header('authorization'), `Bearer ${TOKEN}`);
  assert.equal(request.header('content-type'), 'application/json');
  return request;
}

const option = (id: string, title: string, description: string | null = null) => ({ id, title, description });

// contents → the exact JSON the Cloud API receives.
const SENDS: [string, Content[], Record<string, unknown>][] = [
  ['text', [{ tag: 'text', val: 'Olá! Como posso ajudar?' }], { type: 'text', text: { preview_url: false, body: 'Olá! Como posso ajudar?' } }],
  [
    'image by link with caption',
    [{ tag: 'attachment', val: { mimeType: 'image/jpeg', url: 'https://chat.example.com/files/a.jpg?sig=1', downloadHeaders: [], fileName: 'a.jpg', sizeBytes: 10, caption: 'Seu modem' } }],
    { type: 'image', image: { link: 'https://chat.example.com/files/a.jpg?sig=1', caption: 'Seu modem' } },
  ],
  [
    'document with filename, text as caption',
    [
      { tag: 'text', val: 'Segue o boleto' },
      { tag: 'attachment', val: { mimeType: 'application/pdf', url: 'https://chat.example.com/f/b.pdf', downloadHeaders: [], fileName: 'boleto.pdf', sizeBytes: null, caption: null } },
    ],
    { type: 'document', document: { link: 'https://chat.example.com/f/b.pdf', caption: 'Segue o boleto', filename: 'boleto.pdf' } },
  ],
  ['audio (no caption)', [{ tag: 'attachment', val: { mimeType: 'audio/ogg; codecs=opus', url: 'https://c/a.ogg', downloadHeaders: [], fileName: null, sizeBytes: null, caption: 'x' } }], { type: 'audio', audio: { link: 'https://c/a.ogg' } }],
  ['video', [{ tag: 'attachment', val: { mimeType: 'video/mp4', url: 'https://c/v.mp4', downloadHeaders: [], fileName: null, sizeBytes: null, caption: null } }], { type: 'video', video: { link: 'https://c/v.mp4' } }],
  ['sticker', [{ tag: 'attachment', val: { mimeType: 'image/webp', url: 'https://c/s.webp', downloadHeaders: [], fileName: null, sizeBytes: null, caption: null } }], { type: 'sticker', sticker: { link: 'https://c/s.webp' } }],
  [
    'a GIF goes as a document',
    [{ tag: 'attachment', val: { mimeType: 'image/gif', url: 'https://c/g.gif', downloadHeaders: [], fileName: 'g.gif', sizeBytes: null, caption: null } }],
    { type: 'document', document: { link: 'https://c/g.gif', filename: 'g.gif' } },
  ],
  [
    'location',
    [{ tag: 'location', val: { latitude: -23.5613, longitude: -46.6565, name: 'Loja Paulista', address: 'Av. Paulista, 1000' } }],
    { type: 'location', location: { latitude: -23.5613, longitude: -46.6565, name: 'Loja Paulista', address: 'Av. Paulista, 1000' } },
  ],
  [
    'up to 3 choices: reply buttons, titles cut to 20',
    [{ tag: 'choices', val: { prompt: 'Sua internet voltou?', options: [option('yes', 'Sim'), option('no', 'Não, continua sem sinal nenhum')] } }],
    {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Sua internet voltou?' },
        action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Sim' } }, { type: 'reply', reply: { id: 'no', title: 'Não, continua sem s…' } }] },
      },
    },
  ],
  [
    '4 to 10 choices: a list',
    [{ tag: 'choices', val: { prompt: 'Qual assunto?', options: [option('fin', 'Financeiro', 'Boletos e faturas'), option('sup', 'Suporte técnico'), option('com', 'Comercial'), option('can', 'Cancelamento')] } }],
    {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Qual assunto?' },
        action: {
          button: 'Ver opções',
          sections: [{ rows: [{ id: 'fin', title: 'Financeiro', description: 'Boletos e faturas' }, { id: 'sup', title: 'Suporte técnico' }, { id: 'com', title: 'Comercial' }, { id: 'can', title: 'Cancelamento' }] }],
        },
      },
    },
  ],
  [
    'more than 10 choices: numbered text',
    [{ tag: 'choices', val: { prompt: 'Plano:', options: Array.from({ length: 11 }, (_, i) => option(`p${i + 1}`, `Plano ${i + 1}`)) } }],
    { type: 'text', text: { preview_url: false, body: ['Plano:', ...Array.from({ length: 11 }, (_, i) => `${i + 1}. Plano ${i + 1}`)].join('\n') } },
  ],
  [
    'template with body parameters',
    [{ tag: 'template', val: { name: 'fatura_disponivel', language: 'pt_BR', parameters: ['Ana', 'R$ 99,90'] } }],
    {
      type: 'template',
      template: { name: 'fatura_disponivel', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'R$ 99,90' }] }] },
    },
  ],
  ['template without parameters', [{ tag: 'template', val: { name: 'hello_world', language: 'en_US', parameters: [] } }], { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }],
  ['other contents are ignored', [{ tag: 'other', val: '{"x":1}' }, { tag: 'text', val: 'oi' }], { type: 'text', text: { preview_url: false, body: 'oi' } }],
];

for (const [name, run] of RUNNERS) {
  describe(`whatsapp send (${name})`, () => {
    for (const [what, contents, expected] of SENDS) {
      test(`sends ${what}`, async () => {
        const { plugin, host } = await run({ http: ok });
        const receipt = plugin.send(fixtures.outboundMessage({ recipient: TO, contents }));
        assert.equal(receipt.externalId, WAMID);
        assert.deepEqual(json(only(host)), { ...base, ...expected });
      });
    }

    test('a reply to a customer message carries its context', async () => {
      const { plugin, host } = await run({ http: ok });
      plugin.send(fixtures.outboundMessage({ recipient: TO, text: 'Sim', replyToExternalId: 'wamid.ABC' }));
      assert.deepEqual(json(only(host)), { ...base, type: 'text', text: { preview_url: false, body: 'Sim' }, context: { message_id: 'wamid.ABC' } });
    });

    test('the version, base URL and list label come from the settings', async () => {
      const { plugin, host } = await run({
        http: ok,
        settings: { 'phone-number-id': '42', 'graph-api-version': 'v23.0', 'graph-api-base': 'https://graph.facebook.com/', 'list-button-label': 'Choose one of these options' },
      });
      const options = ['a', 'b', 'c', 'd'].map((id) => option(id, id.toUpperCase()));
      plugin.send(fixtures.outboundMessage({ recipient: TO, contents: [{ tag: 'choices', val: { prompt: 'Which?', options } }] }));
      assert.equal(host.requests[0]?.url, 'https://graph.facebook.com/v23.0/42/messages');
      const sent = json(host.requests[0]) as { interactive: { action: { button: string } } };
      assert.equal(sent.interactive.action.button, 'Choose one of these…');
    });

    test('a text over 4096 characters, or nothing to show, is invalid content and nothing is sent', async () => {
      const { plugin, host } = await run({ http: ok });
      const long = failure(() => plugin.send(fixtures.outboundMessage({ text: 'a'.repeat(4097) })));
      assert.equal(long.kind, 'invalid-content');
      assert.equal(long.retryable, false);
      assert.match(long.message, /4097 characters/);
      const empty = failure(() => plugin.send(fixtures.outboundMessage({ contents: [{ tag: 'other', val: '{}' }] })));
      assert.equal(empty.kind, 'invalid-content');
      assert.equal(host.requests.length, 0);
      // 4096 characters (emoji count as one) are fine.
      assert.equal(plugin.send(fixtures.outboundMessage({ text: '👍'.repeat(4096) })).externalId, WAMID);
    });

    test('the same host message sent again is not delivered twice (no idempotency key in the API)', async () => {
      const { plugin, host } = await run({ http: ok });
      const message = fixtures.outboundMessage({ recipient: TO, messageId: 'msg-1', text: 'oi' });
      assert.equal(plugin.send(message).externalId, WAMID);
      assert.equal(plugin.send(message).externalId, WAMID);
      assert.equal(host.requests.length, 1);
      plugin.send(fixtures.outboundMessage({ recipient: TO, messageId: 'msg-2', text: 'oi' }));
      assert.equal(host.requests.length, 2);
    });

    test('mark-read and typing signals post the read status (with the typing indicator)', async () => {
      const { plugin, host } = await run({ http: () => ({ status: 200, body: { success: true } }) });
      const read = plugin.send(fixtures.outboundMessage({ contents: [], ext: JSON.stringify({ signal: 'mark-read', externalId: 'wamid.IN1' }) }));
      assert.equal(read.externalId, 'signal:wamid.IN1');
      const typing = plugin.send(fixtures.outboundMessage({ contents: [], ext: JSON.stringify({ signal: 'typing', externalId: 'wamid.IN2' }) }));
      assert.equal(typing.externalId, 'signal:wamid.IN2');
      assert.equal(host.requests.length, 2);
      assert.equal(host.requests[1]?.url, URL_MESSAGES);
      assert.equal(host.requests[1]?.header('authorization'), `Bearer ${TOKEN}`);
      assert.deepEqual(json(host.requests[0]), { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN1' });
      assert.deepEqual(json(host.requests[1]), { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN2', typing_indicator: { type: 'text' } });
      const unknown = failure(() => plugin.send(fixtures.outboundMessage({ contents: [], ext: '{"signal":"recording","externalId":"w"}' })));
      assert.equal(unknown.kind, 'invalid-content');
      const missing = failure(() => plugin.send(fixtures.outboundMessage({ contents: [], ext: '{"signal":"typing"}' })));
      assert.equal(missing.kind, 'invalid-content');
      assert.equal(host.requests.length, 2);
    });

    test('a signal the API refuses is mapped like any send error', async () => {
      const { plugin } = await run({ http: () => ERRORS['invalid-parameter'] as object });
      const error = failure(() => plugin.send(fixtures.outboundMessage({ contents: [], ext: '{"signal":"mark-read","externalId":"wamid.X"}' })));
      assert.equal(error.kind, 'invalid-content');
    });
  });
}
