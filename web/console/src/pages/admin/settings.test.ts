import { describe, expect, it } from 'vitest';
import { parseSetting, settingsPatch, settingText, type SettingSpec } from './settings';

const spec = (over: Partial<SettingSpec>): SettingSpec => ({ key: 'k', type: 'string', required: false, value: null, default: null, ...over });

describe('plugin settings', () => {
  it('show the operator value, lists one item per line, nothing for the default', () => {
    expect(settingText(spec({ value: null, default: 'pt' }))).toBe('');
    expect(settingText(spec({ type: 'string-list', value: ['a', 'b'] }))).toBe('a\nb');
    expect(settingText(spec({ type: 'integer', value: 3 }))).toBe('3');
  });

  it('parse each type and refuse what does not fit', () => {
    expect(parseSetting(spec({ type: 'integer', min: 1, max: 10 }), '4')).toEqual({ ok: true, value: 4 });
    expect(parseSetting(spec({ type: 'integer' }), '4.5')).toEqual({ ok: false, error: 'admin.error.number' });
    expect(parseSetting(spec({ type: 'number', max: 1 }), '1.5')).toEqual({ ok: false, error: 'admin.error.range' });
    expect(parseSetting(spec({ type: 'boolean' }), 'true')).toEqual({ ok: true, value: true });
    expect(parseSetting(spec({ type: 'string-list' }), ' a \n\nb ')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(parseSetting(spec({ choices: ['pt', 'en'] }), 'es')).toEqual({ ok: false, error: 'admin.error.invalid' });
    expect(parseSetting(spec({}), '  ')).toEqual({ ok: true, value: null });
    expect(parseSetting(spec({ required: true }), '')).toEqual({ ok: false, error: 'admin.error.required' });
  });

  it('send only the keys that changed, errors named as the server names them', () => {
    const specs = [spec({ key: 'language', value: 'pt' }), spec({ key: 'delay', type: 'integer', value: 2 }), spec({ key: 'greeting', value: null })];
    expect(settingsPatch(specs, { language: 'pt', delay: '5', greeting: '' })).toEqual({ patch: { delay: 5 }, errors: {} });
    expect(settingsPatch(specs, { language: '', delay: 'x' })).toEqual({ patch: { language: null }, errors: { 'settings.delay': 'admin.error.number' } });
  });
});
