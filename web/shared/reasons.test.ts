import { describe, expect, it } from 'vitest';
import { asReason, describeReason, REASON_TEXTS } from './reasons';
import { ErrorReason } from './schema-enums';

describe('the host reasons, as people read them', () => {
  it('are said in both languages, differently, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const reason of Object.values(ErrorReason)) {
      const pt = REASON_TEXTS['pt-BR'][reason];
      const en = REASON_TEXTS.en[reason];
      expect(pt.trim(), reason).not.toBe('');
      expect(en, reason).not.toBe(pt);
      expect(placeholders(en), reason).toEqual(placeholders(pt));
    }
  });

  it('know only the host reasons', () => {
    expect(asReason('OUTSIDE_REPLY_WINDOW')).toBe('OUTSIDE_REPLY_WINDOW');
    expect(asReason('SOMETHING_NEWER')).toBeNull();
    expect(asReason(42)).toBeNull();
  });

  it('quote bounds in the reader locale', () => {
    expect(describeReason('SNOOZE_TOO_LONG', 'pt-BR', 366)).toBe('Uma conversa pode ficar adiada por no máximo 366 dias.');
    expect(describeReason('TOO_LONG', 'pt-BR', 4096)).toBe('O texto passa do limite de 4.096 caracteres.');
    expect(describeReason('TOO_LONG', 'en', 4096)).toBe('The text is over the 4,096-character limit.');
    expect(describeReason('FILE_TOO_LARGE', 'pt-BR', 1.5 * 1024 * 1024)).toBe('O arquivo passa do limite de 1,5 MB.');
  });
});
