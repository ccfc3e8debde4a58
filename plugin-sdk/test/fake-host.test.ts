import { afterEach, test } from 'node:test';
import { createHmac } from 'node:crypto';
import assert from 'node:assert/strict';
import { parseManifest } from '../lib/manifest.mjs';
import { FakeHost, httpFailure, isBlockedAddress } from '../src/testing/index';
import { crypto, http, kv, secretPlaceholder, secrets, settings, toHex } from '../src/index';
import type { HttpError } from '../src/index';

const manifest = parseManifest(`id = "probe"
name = "Probe"
version = "1.0.0"
kind = "bot"
wit = "1.0.0"
[capabilities]
kv = true
[capabilities.http]
hosts = ["api.example.com", "other.example.com", "localhost"]
[capabilities.secrets.token]
hosts = ["api.example.com"]
[capabilities.secrets.readable]
reveal = true
[settings.language]
enum = ["pt-BR", "en"]
default = "pt-BR"
[settings.words]
type = "string-list"
default = ["a", "b"]
[settings.limit]
type = "integer"
`);

let host: FakeHost | undefined;
afterEach(() => host?.uninstall());
const errorOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { payload?: unknown }).payload;
  }
  return undefined;
};

test('settings: defaults, overrides and text encoding', () => {
  host = new FakeHost({ manifest, settings: { limit: 7 } }).install();
  assert.equal(settings.oneOf('language', ['pt-BR', 'en'], 'en'), 'pt-BR');
  assert.deepEqual(settings.list('words'), ['a', 'b']);
  assert.equal(settings.number('limit', 1), 7);
  assert.equal(settings.raw('missing'), undefined);
  assert.throws(() => new FakeHost({ manifest, settings: { undeclared: 1 } }));
});

test('kv: versions, TTL on the fake clock, compare-and-swap', () => {
  host = new FakeHost({ manifest }).install();
  const v1 = kv.setJson('k', { n: 1 }, { ttlMs: 1000 });
  assert.deepEqual(kv.getJson('k'), { value: { n: 1 }, version: v1 });
  const outcome = kv.compareAndSwap('k', v1 + 100, new Uint8Array([1]), undefined);
  assert.equal(outcome.tag, 'conflict');
  assert.equal(kv.updateJson<number>('counter', (n) => (n ?? 0) + 1), 1);
  assert.equal(kv.updateJson<number>('counter', (n) => (n ?? 0) + 1), 2);
  host.clock.advance(1000);
  assert.equal(kv.get('k'), undefined, 'expired at its TTL');
  assert.equal(kv.delete('k'), false);
  assert.deepEqual(errorOf(() => kv.get('')), { tag: 'invalid-key', val: 'keys are 1 to 256 bytes' });
  assert.deepEqual(errorOf(() => kv.set('big', new Uint8Array(64 * 1024 + 1))), { tag: 'value-too-large', val: 65536 });
});

test('kv is denied without the capability', () => {
  host = new FakeHost({ manifest: { ...manifest, capabilities: { ...manifest.capabilities, kv: false } } }).install();
  assert.equal((errorOf(() => kv.get('k')) as { tag: string }).tag, 'denied');
});

test('secrets: reveal only with reveal = true; HMAC without revealing', () => {
  host = new FakeHost({ manifest, secrets: { token: 's3cret', readable: 'public' } }).install();
  assert.deepEqual(errorOf(() => secrets.reveal('token')), { tag: 'denied', val: 'secret token is not declared with reveal = true' });
  assert.equal(secrets.reveal('readable'), 'public');
  assert.deepEqual(errorOf(() => secrets.reveal('nope')), { tag: 'not-declared', val: 'nope' });
  const mac = crypto.hmac('sha256', 'token', 'payload');
  assert.equal(toHex(mac), createHmac('sha256', 's3cret').update('payload').digest('hex'));
  assert.ok(crypto.hmacVerify('sha256', 'token', 'payload', mac));
  assert.ok(!crypto.hmacVerify('sha256', 'token', 'payload!', mac));
  const unset = new FakeHost({ manifest });
  unset.install();
  assert.deepEqual(errorOf(() => crypto.hmac('sha256', 'token', 'x')), { tag: 'not-set', val: 'token' });
  unset.uninstall();
});

test('http: placeholders and credentials are filled in by the host, and redacted on the way back', () => {
  host = new FakeHost({
    manifest,
    secrets: { token: 's3cret' },
    http: (req) => ({ status: 200, body: { echoed: req.header('x-token'), auth: req.header('authorization'), url: req.url } }),
  }).install();
  const reply = http.request(`https://api.example.com/v1?key=${secretPlaceholder('token')}`, {
    headers: { 'X-Token': secretPlaceholder('token') },
    auth: { tag: 'bearer', val: 'token' },
  });
  const sent = host.requests[0];
  assert.equal(sent?.url, 'https://api.example.com/v1?key=s3cret');
  assert.equal(sent?.header('x-token'), 's3cret');
  assert.equal(sent?.header('authorization'), 'Bearer s3cret');
  assert.deepEqual(reply.json(), {
    echoed: '{{secret:token}}',
    auth: 'Bearer {{secret:token}}',
    url: 'https://api.example.com/v1?key={{secret:token}}',
  });
});

test('http: refusals in the host order', () => {
  host = new FakeHost({ manifest, secrets: { token: 's3cret' }, http: () => ({ status: 204 }) }).install();
  const tag = (url: string, options = {}): string => {
    const result = http.tryRequest(url, options);
    return result.ok ? `status:${result.response.status}` : result.error.tag;
  };
  assert.equal(tag('https://api.example.com/'), 'status:204');
  assert.equal(tag('https://evil.example.com/'), 'host-not-allowed');
  assert.equal(tag('https://api.example.com:8443/'), 'host-not-allowed');
  assert.equal(tag('ftp://api.example.com/'), 'invalid-request');
  assert.equal(tag('not a url'), 'invalid-request');
  assert.equal(tag('http://localhost/'), 'address-blocked');
  assert.equal(tag(`https://other.example.com/?k=${secretPlaceholder('token')}`), 'invalid-request', 'secret restricted to api.example.com');
  assert.equal(tag(`https://api.example.com/?k=${secretPlaceholder('nope')}`), 'invalid-request');
  assert.equal(tag('https://api.example.com/', { body: new Uint8Array(1024 * 1024 + 1) }), 'request-too-large');
  host.http = () => httpFailure({ tag: 'timeout' });
  assert.equal(tag('https://api.example.com/'), 'timeout');
  host.http = () => ({ body: new Uint8Array(4 * 1024 * 1024 + 1) });
  assert.equal(tag('https://api.example.com/'), 'response-too-large');
  const denied = new FakeHost({ manifest: { ...manifest, capabilities: { ...manifest.capabilities, http: { hosts: [] } } } }).install();
  assert.equal(tag('https://api.example.com/'), 'denied');
  denied.uninstall();
  assert.equal(host.httpAttempts.filter((a) => a.error !== undefined).length, 10);
  const errors: HttpError[] = host.httpAttempts.flatMap((a) => (a.error ? [a.error] : []));
  assert.ok(errors.every((e) => typeof e.tag === 'string'));
});

test('blocked addresses', () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', 'not-an-ip']) {
    assert.ok(isBlockedAddress(a), a);
  }
  for (const a of ['8.8.8.8', '203.0.113.10', '100.128.0.1', '172.32.0.1', '2001:db8::1', '::ffff:8.8.8.8']) {
    assert.ok(!isBlockedAddress(a), a);
  }
});

test('Date reads the fake clock while the host is installed', () => {
  const realNow = Date.now();
  host = new FakeHost({ manifest, now: Date.UTC(2030, 0, 1) }).install();
  assert.equal(new Date().toISOString(), '2030-01-01T00:00:00.000Z');
  host.clock.advance(1500);
  assert.equal(Date.now(), Date.UTC(2030, 0, 1) + 1500);
  assert.equal(new Date(0).getTime(), 0);
  host.uninstall();
  assert.ok(Date.now() >= realNow);
});
