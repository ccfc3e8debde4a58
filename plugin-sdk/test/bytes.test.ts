import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64, fromHex, toBase64, toHex, utf8Decode, utf8Encode } from '../src/bytes';

// The component runtime has no TextEncoder/Buffer, so these must match Node's exactly.
const samples = ['', 'a', 'ação', 'internet caiu 😡', '\u{10FFFF}', 'x'.repeat(1000), '\ud800 lone', 'end \udfff'];

test('utf8 matches TextEncoder and TextDecoder', () => {
  for (const s of samples) {
    assert.deepEqual(utf8Encode(s), new TextEncoder().encode(s), JSON.stringify(s));
    assert.equal(utf8Decode(new TextEncoder().encode(s)), new TextDecoder().decode(new TextEncoder().encode(s)));
  }
  for (const bad of [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]]) {
    const bytes = Uint8Array.from(bad);
    assert.equal(utf8Decode(bytes), new TextDecoder().decode(bytes), JSON.stringify(bad));
  }
});

test('hex and base64 round-trip and match Buffer', () => {
  for (const s of samples) {
    const bytes = utf8Encode(s);
    assert.equal(toHex(bytes), Buffer.from(bytes).toString('hex'));
    assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
    assert.deepEqual(fromHex(toHex(bytes)), bytes);
    assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
    assert.deepEqual(fromBase64(Buffer.from(bytes).toString('base64url')), bytes);
  }
  assert.throws(() => fromHex('abc'));
  assert.throws(() => fromHex('zz'));
  assert.throws(() => fromBase64('a$b'));
});
