import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures, httpFailure } from '@ispchat/plugin-sdk/testing';
import { RUNNERS, failure, fixtureJson, uninstall } from './support';

afterEach(uninstall);

const ERRORS = fixtureJson<Record<string, { status: number; body: object }>>('errors');

// fixture → kind, retryable, retry-after, and what the message must say.
const TABLE: [string, string, boolean, number | null, RegExp][] = [
  ['outside-window', 'outside-window', false, null, /^WhatsApp refused the message \(131047 \(#131047\) Re-engagement message: Message failed to send because more than 24 hours/],
  ['rate-limited', 'rate-limited', true, 60_000, /130429 .*Rate limit hit: Message failed to send because there were too many messages/],
  ['pair-rate-limited', 'rate-limited', true, 60_000, /131056 .*pair rate limit hit/],
  ['invalid-recipient', 'invalid-recipient', false, null, /131030 .*not in allowed list: Recipient phone number not in allowed list/],
  ['undeliverable', 'invalid-recipient', false, null, /131026 .*Message Undeliverable/],
  ['invalid-parameter', 'invalid-content', false, null, /100 .*Invalid parameter: Parameter 'to' is not a valid phone number/],
  ['template-not-found', 'invalid-content', false, null, /132001 .*template name \(ola_cliente\) does not exist in pt_BR/],
  ['token-expired', 'unauthorized', false, null, /190 Error validating access token/],
  ['service-unavailable', 'unavailable', true, null, /131016 .*Service unavailable/],
  ['generic-user-error', 'unavailable', true, null, /131000 .*Something went wrong/],
  ['unknown-code', 'other', false, null, /131057 .*maintenance mode/],
];

for (const [name, run] of RUNNERS) {
  describe(`whatsapp send errors (${name})`, () => {
    for (const [fixture, kind, retryable, after, message] of TABLE) {
      test(`${fixture} → ${kind}`, async () => {
        const { status, body } = ERRORS[fixture] as { status: number; body: object };
        const { plugin } = await run({ http: () => ({ status, body }) });
        const error = failure(() => plugin.send(fixtures.outboundMessage({ text: 'oi' })));
        assert.equal(error.kind, kind);
        assert.equal(error.retryable, retryable);
        assert.equal(error.retryAfterMs ?? null, after);
        assert.match(error.message, message);
      });
    }

    test('Retry-After, when given, sets when a rate limit may be retried', async () => {
      const { status, body } = ERRORS['rate-limited'] as { status: number; body: object };
      const { plugin } = await run({ http: () => ({ status, body, headers: { 'retry-after': '7' } }) });
      assert.equal(failure(() => plugin.send(fixtures.outboundMessage({ text: 'oi' }))).retryAfterMs, 7000);
    });

    test('statuses without a Graph error body: 5xx unavailable, 429 rate limited, 401 unauthorized, 4xx other', async () => {
      for (const [status, kind, retryable] of [[502, 'unavailable', true], [429, 'rate-limited', true], [401, 'unauthorized', false], [404, 'other', false]] as const) {
        const { plugin } = await run({ http: () => ({ status, body: '<html>oops</html>' }) });
        const error = failure(() => plugin.send(fixtures.outboundMessage({ text: 'oi' })));
        assert.deepEqual([error.kind, error.retryable, error.message], [kind, retryable, `WhatsApp refused the message (HTTP ${status})`]);
      }
    });

    test('timeouts and connection failures are retryable; a host refusal is not', async () => {
      const cases = [
        [{ tag: 'timeout' }, 'unavailable', true],
        [{ tag: 'connection', val: 'connection refused' }, 'unavailable', true],
        [{ tag: 'address-blocked', val: 'graph.facebook.com resolves to 10.0.0.1' }, 'other', false],
      ] as const;
      for (const [error, kind, retryable] of cases) {
        const { plugin } = await run({ http: () => httpFailure(error) });
        const failed = failure(() => plugin.send(fixtures.outboundMessage({ text: 'oi' })));
        assert.deepEqual([failed.kind, failed.retryable], [kind, retryable]);
        assert.match(failed.message, new RegExp(`cannot reach the WhatsApp Cloud API \\(${error.tag}`));
      }
    });

    test('a 200 without a message id is not retried (it may have been delivered)', async () => {
      const { plugin } = await run({ http: () => ({ status: 200, body: { messaging_product: 'whatsapp' } }) });
      const error = failure(() => plugin.send(fixtures.outboundMessage({ text: 'oi' })));
      assert.deepEqual([error.kind, error.retryable], ['other', false]);
    });

    test('an unset phone-number-id is a configuration error, sent nowhere', async () => {
      const { plugin, host } = await run({ settings: {}, http: () => ({ status: 200, body: {} }) });
      // The manifest requires it, but a host may still call before the operator sets it.
      host.settings.delete('phone-number-id');
      const error = failure(() => plugin.send(fixtures.outboundMessage({ text: 'oi' })));
      assert.deepEqual([error.kind, error.retryable], ['unauthorized', false]);
      assert.equal(host.requests.length, 0);
    });
  });
}
