import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

const press = (key: string, target: unknown = null, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, target: target as EventTarget | null, ...modifiers });

describe('shortcutFor', () => {
  it('maps single keys to actions', () => {
    expect(press('?')).toBe('help');
    expect(press('t', { tagName: 'BUTTON' })).toBe('transfer');
    expect(press('e')).toBe('resolve');
    expect(press('x')).toBeNull();
  });
  it('never fires while typing in a field', () => {
    expect(press('t', { tagName: 'TEXTAREA' })).toBeNull();
    expect(press('e', { tagName: 'INPUT' })).toBeNull();
    expect(press('a', { tagName: 'DIV', isContentEditable: true })).toBeNull();
  });
  it('leaves combinations to the browser', () => {
    expect(press('r', null, { ctrlKey: true })).toBeNull();
    expect(press('t', null, { metaKey: true })).toBeNull();
  });
});
