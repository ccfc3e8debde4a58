import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, loadSession, saveSession } from '../src/session';
import { pickLocale, messagesFor } from '../src/i18n';

describe('session storage', () => {
  beforeEach(() => localStorage.clear());
  const now = new Date('2026-11-27T10:00:00Z');
  const session = { token: 't', expiresAt: '2026-12-27T10:00:00Z', contactName: 'Maria', identifier: null };

  it('resumes a saved session for the same inbox and identity', () => {
    saveSession(localStorage, 'inbox-1', session);
    expect(loadSession(localStorage, 'inbox-1', null, now)).toEqual(session);
    expect(loadSession(localStorage, 'inbox-2', null, now)).toBeNull();
    expect(loadSession(localStorage, 'inbox-1', 'subscriber-42', now)).toBeNull();
  });

  it('forgets expired, cleared and corrupted sessions', () => {
    saveSession(localStorage, 'inbox-1', { ...session, expiresAt: '2026-11-27T10:00:30Z' });
    expect(loadSession(localStorage, 'inbox-1', null, now)).toBeNull();
    saveSession(localStorage, 'inbox-1', session);
    clearSession(localStorage, 'inbox-1');
    expect(loadSession(localStorage, 'inbox-1', null, now)).toBeNull();
    localStorage.setItem('ispchat:inbox-1:session', '{not json');
    expect(loadSession(localStorage, 'inbox-1', null, now)).toBeNull();
    expect(loadSession(null, 'inbox-1', null, now)).toBeNull();
  });
});

describe('locale', () => {
  it('prefers the page, then the browser, then pt-BR', () => {
    expect(pickLocale('en-US', ['pt-BR'])).toBe('en');
    expect(pickLocale(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLocale(undefined, ['pt-PT'])).toBe('pt-BR');
    expect(pickLocale('', ['de'])).toBe('pt-BR');
  });

  it('has every text in both languages', () => {
    const pt = messagesFor('pt-BR');
    const en = messagesFor('en');
    expect(Object.keys(en).sort()).toEqual(Object.keys(pt).sort());
    expect(pt.unreadBadge(2)).toBe('2 mensagens novas');
    expect(en.typing('Ana')).toBe('Ana is typing…');
  });
});
