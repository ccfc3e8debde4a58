// What the widget exchanges with the host's visitor API (GraphQL; see docs/channels.md). The
// API's own shapes come from the schema (gql.ts, generated from operations.ts); these are the
// widget's views of them.
import type { ConversationStatus as Status, DeliveryState as State, MessageDirection, WidgetConfigQuery } from './gql';

export type DeliveryState = State;

/** `INCOMING` is the visitor's own message (incoming to the ISP); `OUTGOING` an agent's or bot's. */
export type Direction = MessageDirection;

export interface Attachment {
  fileName: string;
  contentType: string;
  size: number;
  url: string;
}

export interface Choice {
  id: string;
  title: string;
}

export interface ServerMessage {
  id: string;
  direction: Direction;
  senderKind: string;
  senderName: string | null;
  content: string;
  deliveryState: DeliveryState;
  createdAt: string;
  attachments: Attachment[];
  choices: Choice[];
  /** The visitor sent a file the server could not keep (its `missingFile` attribute). */
  fileMissing: boolean;
  /** The id this widget sent the visitor's message with; null for every other message. */
  clientMessageId: string | null;
}

export type WidgetConfig = WidgetConfigQuery['widgetConfig'];

export interface PreChatAnswers {
  name?: string;
  email?: string;
  phone?: string;
  cpf?: string;
}

export type ConversationStatus = Status;

/** One live event of the visitor's conversations. */
export type VisitorEvent =
  | { kind: 'MESSAGE'; conversationId: string; message: ServerMessage }
  | { kind: 'DELIVERY'; conversationId: string; messageId: string; state: DeliveryState }
  /** The agents read the visitor's messages. */
  | { kind: 'READ'; conversationId: string }
  | { kind: 'TYPING'; conversationId: string; typing: boolean; name: string | null }
  | { kind: 'STATUS'; conversationId: string; status: ConversationStatus };
