/**
 * A conversation's messages as the view shows them: history pages (older first), live events
 * and the agent's own sends not yet acknowledged, merged without duplicates and in order.
 */
import type { MessageItemFragment } from '../../gql/graphql';
import { advanceDelivery } from './delivery';

export type Message = MessageItemFragment;

/** A send in flight: shown at once, replaced by the stored message with the same client id. */
export interface PendingSend {
  clientMessageId: string;
  content: string;
  private: boolean;
  failed: boolean;
}

export interface Thread {
  messages: Message[];
  pending: PendingSend[];
  /** The highest event `seq` applied: where a resubscription resumes (`after`). */
  lastSeq: number;
}

const order = (a: Message, b: Message) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Adds or replaces messages by id, keeping chronological order, and settles matching sends. */
export function upsertMessages(thread: Thread, incoming: readonly Message[]): Thread {
  const byId = new Map(thread.messages.map((message) => [message.id, message]));
  for (const message of incoming) {
    const known = byId.get(message.id);
    const deliveryState = known === undefined ? message.deliveryState : advanceDelivery(known.deliveryState, message.deliveryState);
    // Keep the failure's reason with the state that won.
    const won = deliveryState === message.deliveryState;
    const deliveryError = won ? message.deliveryError : known?.deliveryError ?? null;
    const deliveryFailure = won ? message.deliveryFailure : known?.deliveryFailure ?? null;
    byId.set(message.id, { ...message, deliveryState, deliveryError, deliveryFailure });
  }
  const settled = new Set(incoming.map((message) => message.clientMessageId).filter((id): id is string => id !== null));
  return {
    ...thread,
    messages: [...byId.values()].sort(order),
    pending: thread.pending.filter((send) => !settled.has(send.clientMessageId)),
  };
}

/** A live or replayed event: only ones after `lastSeq` change the thread. */
export function applyThreadEvent(thread: Thread, event: { seq: number; message: Message | null }): Thread {
  if (event.seq <= thread.lastSeq && event.message === null) return thread;
  const next = event.message === null ? thread : upsertMessages(thread, [event.message]);
  return { ...next, lastSeq: Math.max(thread.lastSeq, event.seq) };
}

export function addPending(thread: Thread, send: Omit<PendingSend, 'failed'>): Thread {
  return { ...thread, pending: [...thread.pending.filter((p) => p.clientMessageId !== send.clientMessageId), { ...send, failed: false }] };
}

export function failPending(thread: Thread, clientMessageId: string): Thread {
  return { ...thread, pending: thread.pending.map((p) => (p.clientMessageId === clientMessageId ? { ...p, failed: true } : p)) };
}
