// Generated from ../../schema.graphql and operations.ts by `npm run codegen`: do not edit.
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type ConversationStatus =
  /** A bot is handling it; no agent is needed yet. */
  | 'BOT'
  /** An agent is working on it. */
  | 'OPEN'
  /** The agent waits for the customer's answer. */
  | 'PENDING'
  /** Waiting in its team's queue for an agent. */
  | 'QUEUED'
  | 'RESOLVED'
  /** Put aside until a time or until the customer writes. */
  | 'SNOOZED';

/** Whether the pre-chat form asks for the CPF. */
export type CpfField =
  | 'HIDDEN'
  | 'OPTIONAL'
  | 'REQUIRED';

export type DeliveryState =
  | 'DELIVERED'
  | 'FAILED'
  | 'PENDING'
  | 'READ'
  | 'SENT';

export type MessageDirection =
  | 'INCOMING'
  | 'OUTGOING';

export type SendVisitorMessageInput = {
  /**
   * The id of the prompt option the visitor clicked (`attributes.choices.options[].id`);
   * `content` is then its title. Stored as the answer to the prompt, as channels report
   * button replies.
   */
  choiceId?: string | null | undefined;
  /** The widget's id for this send (e.g. a UUID): retrying with it stores the message once. */
  clientMessageId: string;
  content: string;
  /**
   * The conversation the widget shows; the message goes to the visitor's active conversation
   * (a new one when the last was resolved).
   */
  conversationId?: string | number | null | undefined;
};

export type SenderKind =
  | 'AGENT'
  | 'BOT'
  | 'CONTACT'
  | 'SYSTEM';

export type StartVisitorSessionInput = {
  /** Digits, with or without `.` and `-`. */
  cpf?: string | null | undefined;
  email?: string | null | undefined;
  /** Identity verification: the subscriber's id on the ISP's site… */
  identifier?: string | null | undefined;
  /** …and its hex HMAC-SHA256 with the inbox's widget secret, computed by the ISP's server. */
  identifierHash?: string | null | undefined;
  inboxId: string | number;
  /** `pt-BR` or `en` [default: pt-BR]. */
  locale?: string | null | undefined;
  name?: string | null | undefined;
  phone?: string | null | undefined;
};

export type VisitorEventKind =
  /** A conversation started. */
  | 'CREATED'
  /** A reply's delivery state changed (`message.deliveryState`). */
  | 'DELIVERY'
  /** A message (the visitor's own too, e.g. from another tab). */
  | 'MESSAGE'
  /** The agents read the visitor's messages. */
  | 'READ'
  /** The conversation's status changed; `RESOLVED` is when the widget offers the rating. */
  | 'STATUS'
  /** An agent, bot or the visitor's other tab is typing (`typing`). */
  | 'TYPING';

export type WidgetPosition =
  | 'LEFT'
  | 'RIGHT';

export type VisitorMessageFieldsFragment = { id: string, conversationId: string, clientMessageId: string | null, direction: MessageDirection, senderKind: SenderKind, senderName: string | null, content: string, deliveryState: DeliveryState, createdAt: string, attributes: unknown, attachments: Array<{ fileName: string, contentType: string, size: number, url: string }> };

export type WidgetConfigQueryVariables = Exact<{
  inboxId: string | number;
  locale?: string | null | undefined;
}>;


export type WidgetConfigQuery = { widgetConfig: { color: string, position: WidgetPosition, greeting: string, offlineMessage: string, online: boolean, nextOpenAt: string | null, csatEnabled: boolean, preChat: { enabled: boolean, requireName: boolean, requireEmailOrPhone: boolean, cpf: CpfField } } };

export type StartVisitorSessionMutationVariables = Exact<{
  input: StartVisitorSessionInput;
}>;


export type StartVisitorSessionMutation = { startVisitorSession: { token: string, expiresAt: string, contact: { name: string } } };

export type LatestVisitorConversationQueryVariables = Exact<{ [key: string]: never; }>;


export type LatestVisitorConversationQuery = { visitorConversations: Array<{ id: string, status: ConversationStatus, satisfaction: { score: number } | null, messages: { edges: Array<{ node: { id: string, conversationId: string, clientMessageId: string | null, direction: MessageDirection, senderKind: SenderKind, senderName: string | null, content: string, deliveryState: DeliveryState, createdAt: string, attributes: unknown, attachments: Array<{ fileName: string, contentType: string, size: number, url: string }> } }> } }> };

export type SendVisitorMessageMutationVariables = Exact<{
  input: SendVisitorMessageInput;
}>;


export type SendVisitorMessageMutation = { sendVisitorMessage: { id: string, conversationId: string, clientMessageId: string | null, direction: MessageDirection, senderKind: SenderKind, senderName: string | null, content: string, deliveryState: DeliveryState, createdAt: string, attributes: unknown, attachments: Array<{ fileName: string, contentType: string, size: number, url: string }> } };

export type SendVisitorAttachmentMutationVariables = Exact<{
  file: File;
  clientMessageId: string;
  conversationId?: string | number | null | undefined;
}>;


export type SendVisitorAttachmentMutation = { sendVisitorAttachment: { id: string, conversationId: string, clientMessageId: string | null, direction: MessageDirection, senderKind: SenderKind, senderName: string | null, content: string, deliveryState: DeliveryState, createdAt: string, attributes: unknown, attachments: Array<{ fileName: string, contentType: string, size: number, url: string }> } };

export type VisitorTypingMutationVariables = Exact<{
  id: string | number;
  typing: boolean;
}>;


export type VisitorTypingMutation = { visitorTyping: boolean };

export type VisitorMarkReadMutationVariables = Exact<{
  id: string | number;
}>;


export type VisitorMarkReadMutation = { visitorMarkRead: number };

export type RateConversationMutationVariables = Exact<{
  id: string | number;
  score: number;
  comment?: string | null | undefined;
}>;


export type RateConversationMutation = { rateConversation: { score: number } };

export type VisitorEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type VisitorEventsSubscription = { visitorEvents: { kind: VisitorEventKind, conversationId: string, status: ConversationStatus | null, typing: boolean | null, fromVisitor: boolean, message: { id: string, conversationId: string, clientMessageId: string | null, direction: MessageDirection, senderKind: SenderKind, senderName: string | null, content: string, deliveryState: DeliveryState, createdAt: string, attributes: unknown, attachments: Array<{ fileName: string, contentType: string, size: number, url: string }> } | null } };
