import { describe, expect, it } from 'vitest';
import { EMOJIS, insertAt } from './emoji';

describe('insertAt', () => {
  it('inserts at the caret', () => {
    expect(insertAt('Olá !', 4, 4, '👋')).toEqual({ text: 'Olá 👋!', caret: 6 });
  });
  it('replaces a selection', () => {
    expect(insertAt('ok sim', 3, 6, '👍')).toEqual({ text: 'ok 👍', caret: 5 });
  });
  it('clamps positions outside the text', () => {
    expect(insertAt('oi', 10, 12, '🙂')).toEqual({ text: 'oi🙂', caret: 4 });
  });
  it('offers distinct emojis', () => {
    expect(new Set(EMOJIS).size).toBe(EMOJIS.length);
  });
});
