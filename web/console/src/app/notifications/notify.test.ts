import { describe, expect, it } from 'vitest';
import { type NotifyEvent, noticeFor } from './notify';

function event(overrides: Partial<NotifyEvent> = {}, conversation: Partial<NotifyEvent['conversation']> = {}): NotifyEvent {
  return {
    kind: 'MESSAGE_CREATED',
    conversation: { id: 'c1', status: 'OPEN', contact: { name: 'Maria da Silva' }, assignee: { id: 'me' }, ...conversation },
    message: { content: 'Estou sem internet', direction: 'INCOMING', private: false },
    ...overrides,
  };
}

describe('background notifications', () => {
  it('announces a customer message in my conversation, in the language', () => {
    expect(noticeFor(event(), 'me', 'pt-BR')).toEqual({ title: 'Nova mensagem de Maria da Silva', body: 'Estou sem internet', tag: 'ispchat-c1' });
    expect(noticeFor(event(), 'me', 'en')?.title).toBe('New message from Maria da Silva');
  });

  it('announces a new queued conversation to anyone who sees it', () => {
    const created = event({ kind: 'CREATED', message: null }, { status: 'QUEUED', assignee: null });
    expect(noticeFor(created, 'me', 'pt-BR')).toEqual({ title: 'Nova conversa de Maria da Silva', body: '', tag: 'ispchat-c1' });
  });

  it('stays quiet for others conversations, our own replies, notes and bots', () => {
    expect(noticeFor(event({}, { assignee: { id: 'other' } }), 'me', 'pt-BR')).toBeNull();
    expect(noticeFor(event({ message: { content: 'Olá', direction: 'OUTGOING', private: false } }), 'me', 'pt-BR')).toBeNull();
    expect(noticeFor(event({ message: { content: 'nota', direction: 'INCOMING', private: true } }), 'me', 'pt-BR')).toBeNull();
    expect(noticeFor(event({}, { status: 'BOT', assignee: null }), 'me', 'pt-BR')).toBeNull();
    expect(noticeFor(event({ kind: 'ASSIGNED' }), 'me', 'pt-BR')).toBeNull();
  });

  it('shortens a long message and names an unnamed customer', () => {
    const long = 'a'.repeat(500);
    const notice = noticeFor(event({ message: { content: long, direction: 'INCOMING', private: false } }, { contact: { name: ' ' } }), 'me', 'pt-BR');
    expect(notice?.body.length).toBe(140);
    expect(notice?.body.endsWith('…')).toBe(true);
    expect(notice?.title).toBe('Nova mensagem de Cliente');
  });
});
