import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textOf, typedTextOf } from '../src/content';
import type { Message } from '../src/index';

const contents: Message['contents'] = [
  { tag: 'text', val: 'segunda via' },
  { tag: 'attachment', val: { mimeType: 'image/jpeg', url: 'https://x/1', downloadHeaders: [], fileName: null, sizeBytes: null, caption: 'boleto' } },
  { tag: 'text', val: 'por favor' },
];

test('typedTextOf keeps only what the customer typed; textOf adds captions', () => {
  assert.equal(typedTextOf({ contents }), 'segunda via\npor favor');
  assert.equal(textOf({ contents }), 'segunda via\nboleto\npor favor');
  assert.equal(typedTextOf({ contents: [] }), '');
});
