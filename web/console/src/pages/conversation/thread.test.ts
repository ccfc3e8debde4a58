import { describe, expect, it } from 'vitest';
import { matchCanned, shortcutQuery } from './canned';
import { addPending, applyThreadEvent, failPending, type Message, type Thread, upsertMessages } from './thread';

function message(id: string, at: string, overrides: Partial<Message> = {}): Message {
  return {
    id, content: `m${id}`, direction: 'INCOMING', kind: 'TEXT', private: false, senderKind: 'CONTACT',
    createdAt: at, deliveryState: 'DELIVERED', deliveryError: null, deliveryFailure: null, clientMessageId: null, attachments: [], attributes: null, ...overrides,
  };
}

const empty: Thread = { messages: [], pending: [], lastSeq: 0 };

describe('thread', () => {
  it('merges an older history page before the newer messages, without duplicates', () => {
    let thread = upsertMessages(empty, [message('3', '2026-11-27T10:03:00Z'), message('4', '2026-11-27T10:04:00Z')]);
    thread = upsertMessages(thread, [message('1', '2026-11-27T10:01:00Z'), message('2', '2026-11-27T10:02:00Z'), message('3', '2026-11-27T10:03:00Z')]);
    expect(thread.messages.map((m) => m.id)).toEqual(['1', '2', '3', '4']);
  });

  it('applies live events once, in order, and remembers the last seq', () => {
    let thread = applyThreadEvent(empty, { seq: 5, message: message('9', '2026-11-27T10:09:00Z') });
    thread = applyThreadEvent(thread, { seq: 6, message: null });
    thread = applyThreadEvent(thread, { seq: 5, message: message('9', '2026-11-27T10:09:00Z') });
    expect(thread.messages.map((m) => m.id)).toEqual(['9']);
    expect(thread.lastSeq).toBe(6);
  });

  it('updates a message whose delivery changed', () => {
    let thread = upsertMessages(empty, [message('1', '2026-11-27T10:01:00Z', { direction: 'OUTGOING', deliveryState: 'SENT' })]);
    thread = applyThreadEvent(thread, { seq: 2, message: message('1', '2026-11-27T10:01:00Z', { direction: 'OUTGOING', deliveryState: 'READ' }) });
    expect(thread.messages[0]?.deliveryState).toBe('READ');
  });

  it('shows a send at once and settles it when the stored message arrives', () => {
    let thread = addPending(empty, { clientMessageId: 'c-1', content: 'Olá', private: false });
    expect(thread.pending).toHaveLength(1);
    thread = failPending(thread, 'c-1');
    expect(thread.pending[0]?.failed).toBe(true);
    thread = addPending(thread, { clientMessageId: 'c-1', content: 'Olá', private: false });
    expect(thread.pending[0]?.failed).toBe(false);
    thread = applyThreadEvent(thread, { seq: 3, message: message('7', '2026-11-27T10:07:00Z', { clientMessageId: 'c-1', direction: 'OUTGOING' }) });
    expect(thread.pending).toEqual([]);
    expect(thread.messages.map((m) => m.id)).toEqual(['7']);
  });
});

describe('canned responses', () => {
  it('recognises a shortcut being typed and nothing else', () => {
    expect(shortcutQuery('/')).toBe('');
    expect(shortcutQuery('/Sem-Int')).toBe('sem-int');
    expect(shortcutQuery('/sem int')).toBeNull();
    expect(shortcutQuery('olá /sem')).toBeNull();
  });

  it('lists shortcuts that start with the query first', () => {
    const list = [{ id: '1', shortcut: 'boleto', content: '' }, { id: '2', shortcut: 'segunda-via-boleto', content: '' }, { id: '3', shortcut: 'sem-internet', content: '' }];
    expect(matchCanned(list, 'bol').map((c) => c.shortcut)).toEqual(['boleto', 'segunda-via-boleto']);
    expect(matchCanned(list, '').map((c) => c.shortcut)).toEqual(['boleto', 'segunda-via-boleto', 'sem-internet']);
  });
});

describe('delivery state in the thread', () => {
  const sent = (overrides: Partial<Message>) => message('m1', '2026-11-27T10:00:00Z', { direction: 'OUTGOING', senderKind: 'AGENT', ...overrides });
  it('does not move back when an older copy of a message arrives', () => {
    const thread = upsertMessages(upsertMessages(empty, [sent({ deliveryState: 'READ' })]), [sent({ deliveryState: 'SENT' })]);
    expect(thread.messages[0]?.deliveryState).toBe('READ');
  });
  it('keeps the reason of a failure', () => {
    const thread = upsertMessages(upsertMessages(empty, [sent({ deliveryState: 'SENT' })]), [sent({ deliveryState: 'FAILED', deliveryError: 'número inválido' })]);
    expect(thread.messages[0]).toMatchObject({ deliveryState: 'FAILED', deliveryError: 'número inválido' });
  });
});
