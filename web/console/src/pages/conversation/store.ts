/**
 * One open conversation: its latest messages, older pages on demand, live events from
 * `conversationEvents` resumed after `lastSeq` (so a reconnection misses nothing), sends shown
 * at once and settled by the stored message, read marks, resolve.
 */
import { signal } from '@preact/signals';
import { api, live, session } from '../../app/auth';
import { uploadMutation } from '../admin/upload';
import type { ConversationRowFragment } from '../../gql/graphql';
import type { ConversationPriority, MessageItemFragment } from '../../gql/graphql';
import {
  AssignDocument, ConversationDetailDocument, ConversationEventsDocument, MarkReadDocument, OlderMessagesDocument, ReopenDocument,
  SendMessageDocument, SetLabelsDocument, SetPriorityDocument, SetStatusDocument, SnoozeDocument, TransferDocument,
} from './operations';
import { addPending, applyThreadEvent, failPending, type Thread, upsertMessages } from './thread';

const PAGE = 30;

// Multipart requests go outside the typed JSON client, so the selection is spelled out here
// (the same fields as the MessageItem fragment).
const SEND_ATTACHMENT = `mutation SendAttachment($id: ID!, $file: Upload!, $caption: String, $clientMessageId: String, $private: Boolean!) {
  sendAttachment(conversationId: $id, file: $file, caption: $caption, clientMessageId: $clientMessageId, private: $private) {
    id content direction kind private senderKind createdAt deliveryState deliveryError deliveryFailure clientMessageId attachments { fileName url contentType }
    attributes { location { latitude longitude name address } reaction { emoji } template { name language } contacts { name } unsupportedType }
  }
}`;

export function createConversationStore(id: string) {
  const conversation = signal<ConversationRowFragment | null>(null);
  const thread = signal<Thread>({ messages: [], pending: [], lastSeq: 0 });
  const olderCursor = signal<string | null>(null);
  const error = signal<unknown>(null);
  /** The latest transfer seen live, with its note, so whoever had it open knows why it moved. */
  const transfer = signal<{ team: string | null; note: string | null } | null>(null);
  /** Whether the customer is typing now: cleared by their message, their stop, or silence. */
  const customerTyping = signal(false);
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let stopEvents: (() => void) | null = null;

  const markRead = () => {
    if ((conversation.value?.unreadCount ?? 0) > 0) void api.request(MarkReadDocument, { id }).catch(() => undefined);
  };

  function subscribe(): void {
    stopEvents?.();
    stopEvents = live.subscribe(ConversationEventsDocument, { id, after: thread.value.lastSeq }, ({ conversationEvents: event }) => {
      thread.value = applyThreadEvent(thread.value, event);
      conversation.value = event.conversation;
      if (event.kind === 'TYPING' && event.actorKind === 'CONTACT') {
        clearTimeout(typingTimer);
        customerTyping.value = event.typing === true;
        // A stop that never arrives (a closed tab) must not leave the indicator on.
        if (customerTyping.value) typingTimer = setTimeout(() => (customerTyping.value = false), 8000);
      }
      if (event.message?.direction === 'INCOMING') customerTyping.value = false;
      if (event.kind === 'TRANSFERRED') transfer.value = { team: event.team?.name ?? null, note: event.note ?? null };
      if (event.message?.direction === 'INCOMING') markRead();
    });
  }

  async function open(): Promise<() => void> {
    try {
      const { conversation: loaded } = await api.request(ConversationDetailDocument, { id, last: PAGE });
      conversation.value = loaded;
      thread.value = { ...upsertMessages(thread.value, loaded.messages.nodes), lastSeq: loaded.lastSeq };
      olderCursor.value = loaded.messages.pageInfo.hasPreviousPage ? loaded.messages.pageInfo.startCursor ?? null : null;
      markRead();
      subscribe();
    } catch (failure) {
      error.value = failure;
    }
    // After a reconnection, resume after what was applied rather than where it started.
    const stopReconnect = live.onReconnected(subscribe);
    return () => {
      clearTimeout(typingTimer);
      stopReconnect();
      stopEvents?.();
    };
  }

  async function loadOlder(): Promise<void> {
    if (olderCursor.value === null) return;
    const { conversation: page } = await api.request(OlderMessagesDocument, { id, last: PAGE, before: olderCursor.value });
    thread.value = upsertMessages(thread.value, page.messages.nodes);
    olderCursor.value = page.messages.pageInfo.hasPreviousPage ? page.messages.pageInfo.startCursor ?? null : null;
  }

  async function send(content: string, isPrivate: boolean, clientMessageId: string = crypto.randomUUID()): Promise<boolean> {
    thread.value = addPending(thread.value, { clientMessageId, content, private: isPrivate });
    try {
      const { sendMessage } = await api.request(SendMessageDocument, { id, content, clientMessageId, private: isPrivate });
      thread.value = upsertMessages(thread.value, [sendMessage]);
      return true;
    } catch (failure) {
      thread.value = failPending(thread.value, clientMessageId);
      error.value = failure;
      return false;
    }
  }

  /** A file (with an optional caption) as a multipart `sendAttachment`; false when refused. */
  async function sendAttachment(file: File, caption: string, isPrivate: boolean): Promise<boolean> {
    try {
      const data = await uploadMutation<{ sendAttachment: MessageItemFragment }>(session, SEND_ATTACHMENT, {
        id, caption: caption.trim() === '' ? null : caption.trim(), clientMessageId: crypto.randomUUID(), private: isPrivate,
      }, 'file', file);
      thread.value = upsertMessages(thread.value, [data.sendAttachment]);
      return true;
    } catch (failure) {
      error.value = failure;
      return false;
    }
  }

  async function resolve(): Promise<void> {
    const { setConversationStatus } = await api.request(SetStatusDocument, { id, status: 'RESOLVED' });
    conversation.value = setConversationStatus;
  }

  // Each action shows the host's answer at once; others' actions arrive through the events.
  const actions = {
    assign: async (agentId: string | null) => {
      conversation.value = (await api.request(AssignDocument, { id, agentId })).assignConversation;
    },
    transfer: async (target: { toTeamId?: string; toAgentId?: string }, note: string) => {
      conversation.value = (await api.request(TransferDocument, { id, ...target, note: note.trim() === '' ? null : note.trim() })).transferConversation;
    },
    snooze: async (until: Date) => {
      conversation.value = (await api.request(SnoozeDocument, { id, until: until.toISOString() })).setConversationStatus;
    },
    reopen: async () => {
      conversation.value = (await api.request(ReopenDocument, { id })).reopenConversation;
    },
    setPriority: async (priority: ConversationPriority) => {
      conversation.value = (await api.request(SetPriorityDocument, { id, priority })).setConversationPriority;
    },
    setLabels: async (labels: string[]) => {
      conversation.value = (await api.request(SetLabelsDocument, { id, labels })).setConversationLabels;
    },
  };

  return { conversation, thread, error, transfer, customerTyping, hasOlder: () => olderCursor.value !== null, open, loadOlder, send, sendAttachment, resolve, actions };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
