import { describe, expect, it } from 'vitest';
import { Conversation, later } from '../src/conversation';
import type { ServerMessage } from '../src/types';
import type { RawMessage } from '../src/api';

function message(id: string, direction: 'INCOMING' | 'OUTGOING', createdAt: string, deliveryState: ServerMessage['deliveryState'] = 'SENT'): ServerMessage {
  return { id, direction, senderKind: direction === 'INCOMING' ? 'CONTACT' : 'AGENT', senderName: null, content: id, deliveryState, createdAt, attachments: [], choices: [], fileMissing: false, clientMessageId: null };
}

describe('Conversation', () => {
  it('shows a message seen in history, live and as a send result once', () => {
    const c = new Conversation();
    c.id = 'c1';
    const m = message('m1', 'OUTGOING', '2026-11-27T10:00:00Z');
    expect(c.merge([m])).toEqual(['m1']);
    expect(c.apply({ kind: 'MESSAGE', conversationId: 'c1', message: m })).toBe(false);
    expect(c.merge([m])).toEqual([]);
    expect(c.entries()).toHaveLength(1);
  });

  it('replaces a local message by the stored one, even when the live event came first', () => {
    const c = new Conversation();
    c.id = 'c1';
    c.addLocal('client-1', 'oi', new Date('2026-11-27T10:00:00Z'));
    const stored = { ...message('m1', 'INCOMING', '2026-11-27T10:00:01Z', 'DELIVERED'), clientMessageId: 'client-1' };
    c.apply({ kind: 'MESSAGE', conversationId: 'c1', message: stored });
    expect(c.entries().map((e) => e.kind)).toEqual(['server']);
    expect(c.unconfirmed()).toEqual([]);
    c.confirm('client-1', stored);
    expect(c.entries().map((e) => e.kind)).toEqual(['server']);
    expect(c.unconfirmed()).toEqual([]);
  });

  it('keeps a failed send to retry with the same client id', () => {
    const c = new Conversation();
    c.addLocal('a', 'first', new Date('2026-11-27T10:00:00Z'));
    c.addLocal('b', 'second', new Date('2026-11-27T10:00:05Z'));
    c.fail('a');
    expect(c.unconfirmed().map((m) => [m.clientMessageId, m.state])).toEqual([
      ['a', 'failed'],
      ['b', 'sending'],
    ]);
    expect(c.retry('a')?.state).toBe('sending');
  });

  it('ignores events of other conversations', () => {
    const c = new Conversation();
    c.id = 'c1';
    expect(c.apply({ kind: 'MESSAGE', conversationId: 'c2', message: message('x', 'OUTGOING', '2026-11-27T10:00:00Z') })).toBe(false);
    expect(c.entries()).toEqual([]);
  });

  it('moves delivery forward only', () => {
    const c = new Conversation();
    c.id = 'c1';
    c.merge([message('m1', 'INCOMING', '2026-11-27T10:00:00Z', 'SENT')]);
    expect(c.apply({ kind: 'DELIVERY', conversationId: 'c1', messageId: 'm1', state: 'READ' })).toBe(true);
    expect(c.apply({ kind: 'DELIVERY', conversationId: 'c1', messageId: 'm1', state: 'DELIVERED' })).toBe(false);
    const entry = c.entries()[0];
    expect(entry?.kind === 'server' ? entry.message.deliveryState : null).toBe('READ');
    expect(later('READ', 'FAILED')).toBe('READ');
    expect(later('SENT', 'FAILED')).toBe('FAILED');
    expect(later('FAILED', 'DELIVERED')).toBe('FAILED');
  });

  it('counts agents messages not seen and clears them when the window opens', () => {
    const c = new Conversation();
    c.id = 'c1';
    c.merge([message('v', 'INCOMING', '2026-11-27T10:00:00Z'), message('a1', 'OUTGOING', '2026-11-27T10:00:01Z'), message('a2', 'OUTGOING', '2026-11-27T10:00:02Z')]);
    expect(c.unreadCount()).toBe(2);
    expect(c.markSeen()).toBe(true);
    expect(c.unreadCount()).toBe(0);
    expect(c.markSeen()).toBe(false);
    c.apply({ kind: 'MESSAGE', conversationId: 'c1', message: message('a3', 'OUTGOING', '2026-11-27T10:00:03Z') });
    expect(c.unreadCount()).toBe(1);
  });

  it('orders by time and stops the typing line when the agent sends', () => {
    const c = new Conversation();
    c.id = 'c1';
    c.apply({ kind: 'TYPING', conversationId: 'c1', typing: true, name: 'Ana' });
    expect(c.typingAgent()).toEqual({ typing: true, name: 'Ana' });
    c.merge([message('b', 'OUTGOING', '2026-11-27T10:00:02Z')]);
    c.apply({ kind: 'MESSAGE', conversationId: 'c1', message: message('a', 'OUTGOING', '2026-11-27T10:00:01Z') });
    expect(c.typingAgent().typing).toBe(false);
    expect(c.entries().map((e) => (e.kind === 'server' ? e.message.id : ''))).toEqual(['a', 'b']);
    expect(c.newestAt()).toBe('2026-11-27T10:00:02Z');
  });
});

describe('live events from the API', () => {
  it('maps the visitorEvents kinds and hides the visitor own typing', async () => {
    const { toEvent } = await import('../src/api');
    const raw: RawMessage = { id: 'm1', conversationId: 'c1', direction: 'OUTGOING', senderKind: 'AGENT', senderName: 'Ana', content: 'Oi', deliveryState: 'SENT', createdAt: '2026-11-27T10:00:00Z', attachments: [], attributes: null, clientMessageId: null };
    const asShown = (m: RawMessage): ServerMessage => ({ ...m, choices: [], fileMissing: false });
    const base = { conversationId: 'c1', status: null, typing: null, fromVisitor: false, message: null };
    expect(toEvent({ ...base, kind: 'MESSAGE', message: raw }, asShown)).toMatchObject({ kind: 'MESSAGE', message: { id: 'm1' } });
    expect(toEvent({ ...base, kind: 'DELIVERY', message: { ...raw, deliveryState: 'READ' } }, asShown)).toEqual({ kind: 'DELIVERY', conversationId: 'c1', messageId: 'm1', state: 'READ' });
    expect(toEvent({ ...base, kind: 'TYPING', typing: true }, asShown)).toEqual({ kind: 'TYPING', conversationId: 'c1', typing: true, name: null });
    expect(toEvent({ ...base, kind: 'TYPING', typing: true, fromVisitor: true }, asShown)).toBeNull();
    expect(toEvent({ ...base, kind: 'STATUS', status: 'RESOLVED' }, asShown)).toEqual({ kind: 'STATUS', conversationId: 'c1', status: 'RESOLVED' });
    expect(toEvent({ ...base, kind: 'CREATED' }, asShown)).toBeNull();
  });

  it('marks the visitor messages read when the agents read them', () => {
    const c = new Conversation();
    c.id = 'c1';
    c.merge([message('v1', 'INCOMING', '2026-11-27T10:00:00Z', 'DELIVERED'), message('a1', 'OUTGOING', '2026-11-27T10:00:01Z', 'SENT')]);
    expect(c.apply({ kind: 'READ', conversationId: 'c1' })).toBe(true);
    const states = c.entries().map((e) => (e.kind === 'server' ? [e.message.id, e.message.deliveryState] : []));
    expect(states).toEqual([
      ['v1', 'READ'],
      ['a1', 'SENT'],
    ]);
    expect(c.apply({ kind: 'READ', conversationId: 'c1' })).toBe(false);
  });
});
