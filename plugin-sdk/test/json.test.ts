import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../src/json';

test('parseJson parses what JSON.parse parses', () => {
  for (const text of ['{}', '[1,2,{"a":[3]}]', '"{[["', '{"k":"\\"}]]"}', 'null']) {
    assert.deepEqual(parseJson(text), JSON.parse(text), text);
  }
  assert.throws(() => parseJson('{'), SyntaxError);
});

test('parseJson refuses deep nesting with an Error, before parsing', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  assert.throws(() => parseJson(deep), /nested deeper than 64 levels/);
  const fine = '['.repeat(64) + ']'.repeat(64);
  assert.doesNotThrow(() => parseJson(fine));
  // Brackets inside strings do not count.
  assert.doesNotThrow(() => parseJson(JSON.stringify({ text: '['.repeat(1000) })));
});
