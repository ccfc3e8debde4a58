import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from '@ispchat/plugin-sdk/testing';
import type { Content, InboundEvent } from '@ispchat/plugin-sdk';
import { utf8Decode } from '@ispchat/plugin-sdk';
import { GRAPH, PHONE_NUMBER_ID, RUNNERS, VERIFY_TOKEN, failure, fixture, fixtureJson, onlyMessage, plain, signature, signed, uninstall } from './support';

afterEach(uninstall);

const MEDIA_HEADERS = [
  ['authorization', 'Bearer {{secret:access-token}}'],
  ['x-ispchat-url-from-json', 'url'],
];
const WAMID = 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMDFBQ0YyN0U1MkY4QTlCMjYyAA==';
const CONTEXT = 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=';

function attachment(fields: Record<string, unknown>): Content {
  return { tag: 'attachment', val: { downloadHeaders: MEDIA_HEADERS, fileName: null, sizeBytes: null, caption: null, ...fields } } as unknown as Content;
}

// Each fixture → the contents the plugin reports, and the message it answers (if any).
const INBOUND: [string, Content[], string | null][] = [
  ['text', [{ tag: 'text', val: 'Does it come in another color?' }], null],
  ['image', [attachment({ mimeType: 'image/jpeg', url: `${GRAPH}/1003383421387256`, caption: 'Roupa nova' })], null],
  ['audio-voice', [attachment({ mimeType: 'audio/ogg; codecs=opus', url: `${GRAPH}/1069522928195330` })], null],
  ['video', [attachment({ mimeType: 'video/mp4', url: `${GRAPH}/1168357644407394`, caption: 'Luz do modem piscando' })], null],
  ['document', [attachment({ mimeType: 'application/pdf', url: `${GRAPH}/1273593197134036`, caption: 'Comprovante', fileName: 'boleto-junho.pdf' })], null],
  ['sticker', [attachment({ mimeType: 'image/webp', url: `${GRAPH}/1204418637817590` })], null],
  ['location', [{ tag: 'location', val: { latitude: 37.483307, longitude: -122.148981, name: 'Main Street Beach', address: '1 Hacker Way, Menlo Park, CA 94025' } }], null],
  [
    'contacts',
    [{ tag: 'other', val: JSON.stringify({ type: 'contacts', contacts: [{ name: 'Kerry Fisher', phones: ['+55 11 98765-4321', '+1 (650) 555-1234'], emails: ['kfish@fb.com'] }] }) }],
    null,
  ],
  ['interactive-button-reply', [{ tag: 'choice-selected', val: { id: 'cancel-button', title: 'Cancel', description: null } }], CONTEXT],
  ['interactive-list-reply', [{ tag: 'choice-selected', val: { id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' } }], CONTEXT],
  ['button', [{ tag: 'choice-selected', val: { id: 'Unsubscribe from Promos', title: 'Unsubscribe from Promos', description: null } }], CONTEXT],
  ['reaction', [{ tag: 'other', val: JSON.stringify({ type: 'reaction', emoji: '👍', toExternalId: 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA' }) }], null],
  ['unsupported', [{ tag: 'other', val: JSON.stringify({ type: 'unsupported', providerType: 'unsupported' }) }], null],
];

type Payload = { object: string; entry: { id: string; changes: { field: string; value: Record<string, unknown> }[] }[] };

for (const [name, run] of RUNNERS) {
  describe(`whatsapp webhook (${name})`, () => {
    test('describe: kind whatsapp, 4096 characters, everything supported, a 24 h window, signals', async () => {
      const { plugin } = await run();
      const info = plugin.describe();
      assert.deepEqual(plain(info), {
        kind: 'whatsapp',
        maxTextLength: 4096,
        supportsAttachments: true,
        supportsLocations: true,
        supportsChoices: true,
        supportsTemplates: true,
        supportsReadReceipts: true,
        replyWindowMs: 86_400_000,
        ext: '{"signals":["mark-read","typing"]}',
      });
    });

    test('GET verification answers hub.challenge as text for the right verify token only', async () => {
      const { plugin } = await run();
      const get = (query: string) => plugin.handleWebhook(fixtures.webhookRequest({ method: 'GET', query, body: '' }));
      const ok = get(`hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${encodeURIComponent(VERIFY_TOKEN)}`);
      assert.equal(ok.response.status, 200);
      assert.equal(utf8Decode(ok.response.body), '1158201444');
      assert.deepEqual(plain(ok.response.headers), [['content-type', 'text/plain']]);
      assert.deepEqual(ok.events, []);
      assert.equal(get('hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess').response.status, 403);
      assert.equal(get(`hub.mode=subscribe&hub.challenge=1&hub.verify_token=${VERIFY_TOKEN}x`).response.status, 403);
      assert.equal(get('hub.mode=subscribe&hub.challenge=1&hub.verify_token=').response.status, 403);
      assert.equal(get(`hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=${VERIFY_TOKEN}`).response.status, 400);
      assert.equal(get(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`).response.status, 400);
    });

    test('without the verify-token secret the handshake is a plugin error for the operator', async () => {
      const { plugin } = await run({ secrets: { 'app-secret': 'x' } });
      const error = failure<{ code: string }>(() =>
        plugin.handleWebhook(fixtures.webhookRequest({ method: 'GET', query: 'hub.mode=subscribe&hub.challenge=1&hub.verify_token=a' })),
      );
      assert.equal(error.code, 'secret-unavailable');
    });

    test('a missing, forged, malformed or foreign signature answers 401 with no events', async () => {
      const { plugin } = await run();
      const body = fixture('text');
      const other = fixture('image');
      const requests = [
        fixtures.webhookRequest({ body }),
        signed(body, 'guessed-secret'),
        fixtures.webhookRequest({ body, headers: [['x-hub-signature-256', 'sha256=zz']] }),
        fixtures.webhookRequest({ body, headers: [['x-hub-signature-256', signature(body).slice('sha256='.length)]] }),
        fixtures.webhookRequest({ body, headers: [['x-hub-signature-256', signature(body).replace('sha256=', 'sha1=')]] }),
        fixtures.webhookRequest({ body, headers: [['x-hub-signature-256', signature(other)]] }),
        fixtures.webhookRequest({ body, headers: [['x-hub-signature-256', signature(body).slice(0, -2)]] }),
      ];
      for (const request of requests) {
        const result = plugin.handleWebhook(request);
        assert.equal(result.response.status, 401, JSON.stringify(request.headers));
        assert.deepEqual(result.events, []);
      }
      // The same body, correctly signed, is accepted (upper-case hex too).
      assert.equal(plugin.handleWebhook(signed(body)).response.status, 200);
      const upper = fixtures.webhookRequest({ body, headers: [['X-Hub-Signature-256', `sha256=${signature(body).slice(7).toUpperCase()}`]] });
      assert.equal(plugin.handleWebhook(upper).events.length, 1);
    });

    test('a signed body that is not JSON is a 400 with no events; another object is a 200 with none', async () => {
      const { plugin, host } = await run();
      const broken = plugin.handleWebhook(signed('{"object":'));
      assert.equal(broken.response.status, 400);
      assert.deepEqual(broken.events, []);
      assert.ok(host.logs.some((l) => l.message.includes('not JSON')));
      const page = plugin.handleWebhook(signed(JSON.stringify({ object: 'page', entry: [] })));
      assert.equal(page.response.status, 200);
      assert.deepEqual(page.events, []);
    });

    test('changes for another phone number id are ignored (and logged)', async () => {
      const { plugin, host } = await run();
      const payload = fixtureJson<Payload>('text');
      const value = payload.entry[0]?.changes[0]?.value as { metadata: { phone_number_id: string } };
      value.metadata.phone_number_id = '999999999999999';
      const result = plugin.handleWebhook(signed(JSON.stringify(payload)));
      assert.equal(result.response.status, 200);
      assert.deepEqual(result.events, []);
      assert.ok(host.logs.some((l) => l.message.includes('999999999999999')), JSON.stringify(host.logs));
    });

    for (const [fixtureName, contents, replyTo] of INBOUND) {
      test(`inbound ${fixtureName}`, async () => {
        const { plugin } = await run();
        const result = plugin.handleWebhook(signed(fixture(fixtureName)));
        assert.equal(result.response.status, 200);
        const message = onlyMessage(result.events);
        assert.deepEqual(plain(message), {
          externalId: WAMID,
          sender: { externalId: '5511987654321', displayName: 'Sheena Nelson', phone: '+5511987654321', email: null },
          contents,
          sentAt: 1_749_416_383_000,
          replyToExternalId: replyTo,
          ext: '',
        });
      });
    }

    test('statuses become delivery reports; a failure carries code, title and details', async () => {
      const { plugin } = await run();
      const reports = ['sent', 'delivered', 'read', 'failed'].map((state) => {
        const events = plugin.handleWebhook(signed(fixture(`status-${state}`))).events;
        assert.equal(events.length, 1);
        return plain(events[0]);
      });
      const id = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA';
      assert.deepEqual(reports, [
        { tag: 'delivery', val: { externalId: id, state: 'sent', at: 1_750_030_073_000, error: null } },
        { tag: 'delivery', val: { externalId: id, state: 'delivered', at: 1_750_030_073_000, error: null } },
        { tag: 'delivery', val: { externalId: id, state: 'read', at: 1_750_030_073_000, error: null } },
        {
          tag: 'delivery',
          val: {
            externalId: id,
            state: 'failed',
            at: 1_750_030_073_000,
            error: '131047 Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
          },
        },
      ]);
    });

    test('a system-level error notification is reported as an other event', async () => {
      const { plugin } = await run();
      const events = plugin.handleWebhook(signed(fixture('webhook-error'))).events;
      assert.deepEqual(plain(events), [
        {
          tag: 'other',
          val: JSON.stringify({ type: 'error', error: '130429 Rate limit hit: Message failed to send because there were too many messages sent from this phone number in a short period of time' }),
        },
      ]);
    });

    test('one POST with several entries, changes, messages and statuses reports all, in order', async () => {
      const { plugin } = await run();
      const text = fixtureJson<Payload>('text');
      const image = fixtureJson<Payload>('image');
      const read = fixtureJson<Payload>('status-read');
      const failed = fixtureJson<Payload>('status-failed');
      const foreign = fixtureJson<Payload>('location');
      (foreign.entry[0]?.changes[0]?.value as { metadata: { phone_number_id: string } }).metadata.phone_number_id = '1';
      const textValue = text.entry[0]?.changes[0]?.value as { messages: Record<string, unknown>[]; contacts: unknown[] };
      const imageValue = image.entry[0]?.changes[0]?.value as { messages: Record<string, unknown>[] };
      // Two messages in one change, from two customers.
      textValue.messages.push({ ...imageValue.messages[0], id: 'wamid.second', from: '5521999990000' });
      textValue.contacts.push({ profile: { name: 'Bruno' }, wa_id: '5521999990000' });
      const payload = {
        object: 'whatsapp_business_account',
        entry: [
          { id: '1', changes: [...(text.entry[0]?.changes ?? []), ...(foreign.entry[0]?.changes ?? [])] },
          { id: '2', changes: [...(read.entry[0]?.changes ?? []), ...(failed.entry[0]?.changes ?? [])] },
        ],
      };
      const events: InboundEvent[] = plugin.handleWebhook(signed(JSON.stringify(payload))).events;
      assert.deepEqual(
        events.map((e) => (e.tag === 'message' ? `message ${e.val.externalId} from ${e.val.sender.displayName}` : e.tag === 'delivery' ? `delivery ${e.val.state}` : e.tag)),
        [`message ${WAMID} from Sheena Nelson`, 'message wamid.second from Bruno', 'delivery read', 'delivery failed'],
      );
    });

    test(`the configured phone number id (${PHONE_NUMBER_ID}) is compared exactly`, async () => {
      const { plugin } = await run({ settings: { 'phone-number-id': '10654035224292' } });
      assert.deepEqual(plugin.handleWebhook(signed(fixture('text'))).events, []);
    });
  });
}
