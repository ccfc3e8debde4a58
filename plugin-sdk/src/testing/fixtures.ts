// Builders for the records the host passes to plugins, with plausible defaults, so a test states
// only what matters to it: `fixtures.turn({ text: 'oi' })`. Absent options are `null`, as the
// component runtime delivers them, so code that tests `=== undefined` fails here as it would there.
import type { Turn } from 'ispchat:types/bot@1.0.0';
import type { Content, Message } from 'ispchat:types/messages@1.0.0';
import type { Contact, Conversation } from 'ispchat:types/conversations@1.0.0';
import type { Candidate, RoutingRequest } from 'ispchat:types/router@1.0.0';
import type { OutboundMessage, WebhookRequest } from 'ispchat:types/channel@1.0.0';
import { utf8Encode } from '../bytes';

const T0 = Date.UTC(2026, 2, 2, 12, 0, 0);
let counter = 0;
const nextId = (prefix: string): string => `${prefix}-${String(++counter).padStart(4, '0')}`;

export const fixtures = {
  contact(fields: Partial<Contact> = {}): Contact {
    return { id: nextId('contact'), name: 'Ana Souza', phone: '+5511987654321', email: null, customAttributes: '{}', ext: '{}', ...fields };
  },

  conversation(fields: Partial<Conversation> = {}): Conversation {
    return {
      id: nextId('conversation'),
      protocol: '20260302000042',
      inboxId: 'inbox-whatsapp',
      inboxKind: 'whatsapp',
      status: 'bot',
      priority: 'normal',
      teamId: null,
      assigneeId: null,
      labels: [],
      contact: fixtures.contact(),
      createdAt: T0,
      queuedAt: null,
      ext: '{}',
      ...fields,
    };
  },

  /** An incoming text message from the contact (or `contents` when given). */
  message(fields: Partial<Message> & { text?: string } = {}): Message {
    const { text, ...rest } = fields;
    const contents: Content[] = text === undefined ? [] : [{ tag: 'text', val: text }];
    return {
      id: nextId('message'),
      conversationId: 'conversation-0000',
      direction: 'incoming',
      kind: 'text',
      senderKind: 'contact',
      senderId: 'contact-0000',
      contents,
      deliveryState: 'delivered',
      externalId: null,
      createdAt: T0,
      ext: '{}',
      ...rest,
    };
  },

  turn(fields: { text?: string; message?: Partial<Message>; conversation?: Partial<Conversation>; history?: Message[] } = {}): Turn {
    const conversation = fixtures.conversation(fields.conversation);
    const message = fixtures.message({ conversationId: conversation.id, text: fields.text, ...fields.message });
    return { conversation, message, history: fields.history ?? [], ext: '{}' };
  },

  candidate(fields: Partial<Candidate> = {}): Candidate {
    return {
      agentId: nextId('agent'),
      name: 'Agent',
      teams: ['team-support'],
      skills: [],
      languages: ['pt-BR'],
      activeConversations: 0,
      maxConversations: 3,
      presence: 'online',
      idleMs: 60_000,
      ext: '{}',
      ...fields,
    };
  },

  routingRequest(fields: { candidates?: Candidate[]; conversation?: Partial<Conversation> } = {}): RoutingRequest {
    const conversation = fixtures.conversation({ status: 'queued', teamId: 'team-support', queuedAt: T0, ...fields.conversation });
    return {
      conversation,
      candidates: fields.candidates ?? [],
      queue: { teamId: conversation.teamId, waiting: 1, oldestWaitMs: 0 },
      ext: '{}',
    };
  },

  webhookRequest(fields: Partial<Omit<WebhookRequest, 'body'>> & { body?: string | Uint8Array } = {}): WebhookRequest {
    const { body, ...rest } = fields;
    return {
      inboxId: 'inbox-whatsapp',
      method: 'POST',
      path: '/',
      query: '',
      headers: [['content-type', 'application/json']],
      body: typeof body === 'string' ? utf8Encode(body) : (body ?? new Uint8Array(0)),
      receivedAt: T0,
      ...rest,
    };
  },

  outboundMessage(fields: Partial<OutboundMessage> & { text?: string } = {}): OutboundMessage {
    const { text, ...rest } = fields;
    return {
      inboxId: 'inbox-whatsapp',
      messageId: nextId('message'),
      conversationId: 'conversation-0000',
      recipient: '5511987654321',
      contents: [{ tag: 'text', val: text ?? 'Olá!' }],
      replyToExternalId: null,
      ext: '{}',
      ...rest,
    };
  },
};
