import { beforeEach, describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, pruneDrafts, saveDraft } from './drafts';

describe('drafts', () => {
  beforeEach(() => localStorage.clear());

  it('keeps a half-typed reply per user and conversation', () => {
    saveDraft('u1', 'c1', 'Olá Maria, vou verificar');
    expect(loadDraft('u1', 'c1')).toBe('Olá Maria, vou verificar');
    expect(loadDraft('u1', 'c2')).toBe('');
    expect(loadDraft('u2', 'c1')).toBe('');
  });

  it('forgets a blank draft and a sent one', () => {
    saveDraft('u1', 'c1', 'texto');
    saveDraft('u1', 'c1', '   ');
    expect(loadDraft('u1', 'c1')).toBe('');
    saveDraft('u1', 'c1', 'texto');
    clearDraft('u1', 'c1');
    expect(loadDraft('u1', 'c1')).toBe('');
  });

  it('drops drafts untouched for two weeks, keeps recent ones and other keys', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    saveDraft('u1', 'old', 'antigo', localStorage, now - 15 * 24 * 3600_000);
    saveDraft('u1', 'new', 'recente', localStorage, now - 3600_000);
    localStorage.setItem('ispchat.theme', 'dark');
    pruneDrafts(localStorage, now);
    expect(loadDraft('u1', 'old')).toBe('');
    expect(loadDraft('u1', 'new')).toBe('recente');
    expect(localStorage.getItem('ispchat.theme')).toBe('dark');
  });
});
