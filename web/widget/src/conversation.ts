// The visitor's conversation as the widget shows it: the server's messages merged from history,
// live events and send results (by id, so a message seen twice shows once), plus the visitor's
// own messages that are not confirmed yet. A message the visitor wrote keeps its client id until
// the server stores it; after a reconnection the unconfirmed ones are sent again with the same
// client id, which the host stores once.

import type { DeliveryState, ServerMessage, VisitorEvent, ConversationStatus } from './types';

export interface LocalMessage {
  clientMessageId: string;
  content: string;
  /** The prompt option the visitor clicked (its title is `content`); sent again on a retry. */
  choiceId: string | null;
  createdAt: string;
  state: 'sending' | 'failed';
}

export type Entry = { kind: 'server'; message: ServerMessage } | { kind: 'local'; message: LocalMessage };

const STATE_ORDER: Record<DeliveryState, number> = { PENDING: 0, SENT: 1, DELIVERED: 2, READ: 3, FAILED: 4 };

export class Conversation {
  id: string | null = null;
  status: ConversationStatus | null = null;
  private server = new Map<string, ServerMessage>();
  private local = new Map<string, LocalMessage>();
  /** Agents' messages newer than this were not seen with the window open. */
  private lastSeenAt = '';
  private typingName: string | null = null;
  private typing = false;

  /**
   * Adds messages from history, live events or a send result; returns the ids that were new. A
   * stored copy of a local message replaces it, whichever arrives first: the send's answer or
   * the live event.
   */
  merge(messages: readonly ServerMessage[]): string[] {
    const added: string[] = [];
    for (const message of messages) {
      if (message.clientMessageId !== null) this.local.delete(message.clientMessageId);
      const known = this.server.get(message.id);
      if (known === undefined) added.push(message.id);
      this.server.set(message.id, known === undefined ? message : { ...message, deliveryState: later(known.deliveryState, message.deliveryState) });
    }
    return added;
  }

  /** A send started: shown at once, marked as sending. */
  addLocal(clientMessageId: string, content: string, now: Date, choiceId: string | null = null): LocalMessage {
    const message: LocalMessage = { clientMessageId, content, choiceId, createdAt: now.toISOString(), state: 'sending' };
    this.local.set(clientMessageId, message);
    return message;
  }

  /** The server stored a local message: it becomes the server's copy. */
  confirm(clientMessageId: string, stored: ServerMessage): void {
    this.local.delete(clientMessageId);
    this.merge([stored]);
  }

  fail(clientMessageId: string): void {
    const message = this.local.get(clientMessageId);
    if (message !== undefined) message.state = 'failed';
  }

  /** Local messages to send again (after a reconnection or a retry click), oldest first. */
  unconfirmed(): LocalMessage[] {
    return [...this.local.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  retry(clientMessageId: string): LocalMessage | undefined {
    const message = this.local.get(clientMessageId);
    if (message !== undefined) message.state = 'sending';
    return message;
  }

  /** Applies a live event of this conversation; returns whether anything visible changed. */
  apply(event: VisitorEvent): boolean {
    if (this.id !== null && event.conversationId !== this.id) return false;
    switch (event.kind) {
      case 'MESSAGE':
        if (event.message.direction === 'OUTGOING') this.typing = false;
        return this.merge([event.message]).length > 0;
      case 'DELIVERY': {
        const known = this.server.get(event.messageId);
        if (known === undefined) return false;
        const state = later(known.deliveryState, event.state);
        if (state === known.deliveryState) return false;
        this.server.set(known.id, { ...known, deliveryState: state });
        return true;
      }
      case 'READ': {
        let changed = false;
        for (const message of this.server.values()) {
          if (message.direction === 'INCOMING' && later(message.deliveryState, 'READ') !== message.deliveryState) {
            this.server.set(message.id, { ...message, deliveryState: 'READ' });
            changed = true;
          }
        }
        return changed;
      }
      case 'TYPING':
        this.typing = event.typing;
        this.typingName = event.name;
        return true;
      case 'STATUS':
        if (this.status === event.status) return false;
        this.status = event.status;
        return true;
    }
  }

  /** Everything to show, oldest first; unconfirmed messages after the stored ones. */
  entries(): Entry[] {
    const stored: Entry[] = [...this.server.values()]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map((message) => ({ kind: 'server', message }));
    const pending: Entry[] = this.unconfirmed().map((message) => ({ kind: 'local', message }));
    return [...stored, ...pending];
  }

  /** Who is typing, when an agent is. */
  typingAgent(): { typing: boolean; name: string | null } {
    return { typing: this.typing, name: this.typingName };
  }

  /** Agents' and bots' messages the visitor has not seen. */
  unreadCount(): number {
    let count = 0;
    for (const message of this.server.values()) {
      if (message.direction === 'OUTGOING' && message.createdAt > this.lastSeenAt) count += 1;
    }
    return count;
  }

  /** The window is open: everything shown counts as seen. Returns whether that changed anything. */
  markSeen(): boolean {
    const newest = [...this.server.values()].reduce((max, m) => (m.createdAt > max ? m.createdAt : max), this.lastSeenAt);
    const changed = newest !== this.lastSeenAt;
    this.lastSeenAt = newest;
    return changed;
  }

  /** The newest stored message's time, to ask the server for what was missed. */
  newestAt(): string | null {
    let newest: string | null = null;
    for (const message of this.server.values()) if (newest === null || message.createdAt > newest) newest = message.createdAt;
    return newest;
  }

  /** Forget everything (a new conversation after a resolved one). */
  reset(): void {
    this.id = null;
    this.status = null;
    this.server.clear();
    this.local.clear();
    this.typing = false;
  }
}

/** Delivery only moves forward, so an old report arriving late changes nothing. */
export function later(current: DeliveryState, reported: DeliveryState): DeliveryState {
  if (current === 'FAILED' || reported === 'FAILED') return reported === 'FAILED' && current !== 'READ' ? 'FAILED' : current;
  return STATE_ORDER[reported] > STATE_ORDER[current] ? reported : current;
}
