// The host's visitor API: GraphQL over HTTP for requests, graphql-ws for live events. Errors come
// back as `ApiError` with the host's code, the rule it refused under and, for bad input, the
// field it names. Their English message is for the console of the page's developer, never for
// the visitor.

import { createClient, type Client } from 'graphql-ws/client';
import { asReason } from '../../shared/reasons';
import type { ErrorReason } from '../../shared/schema-enums';
import type {
  LatestVisitorConversationQuery,
  RateConversationMutation,
  RateConversationMutationVariables,
  SendVisitorAttachmentMutation,
  SendVisitorMessageMutation,
  SendVisitorMessageMutationVariables,
  StartVisitorSessionMutation,
  StartVisitorSessionMutationVariables,
  VisitorEventsSubscription,
  VisitorMarkReadMutation,
  VisitorMarkReadMutationVariables,
  VisitorMessageFieldsFragment,
  VisitorTypingMutation,
  VisitorTypingMutationVariables,
  WidgetConfigQuery,
  WidgetConfigQueryVariables,
} from './gql';
import { EVENTS, LATEST_CONVERSATION, MARK_READ, RATE, SEND_ATTACHMENT, SEND_MESSAGE, START_SESSION, TYPING, WIDGET_CONFIG, withMessage } from './operations';
import type { ConversationStatus, PreChatAnswers, ServerMessage, VisitorEvent, WidgetConfig } from './types';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field: string | null,
    /** `extensions.reason`, when the host named a rule this build knows. */
    readonly reason: ErrorReason | null = null,
    /** `extensions.bound`: the limit that rule names. */
    readonly bound: number | null = null,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; reason?: unknown; bound?: unknown } }[];
}

/** A `VisitorMessage` as the API sends it. */
export type RawMessage = VisitorMessageFieldsFragment;

/** The prompt options in a message's attributes (`choices.options`), if it has any. */
function choicesOf(attributes: unknown): { id: string; title: string }[] {
  const options = (attributes as { choices?: { options?: unknown } } | null)?.choices?.options;
  if (!Array.isArray(options)) return [];
  return options.flatMap((option: unknown) => {
    const { id, title } = (option ?? {}) as { id?: unknown; title?: unknown };
    return typeof id === 'string' && typeof title === 'string' ? [{ id, title }] : [];
  });
}

export interface VisitorSession {
  token: string;
  expiresAt: string;
  contactName: string;
}

export interface VisitorConversation {
  id: string;
  status: ConversationStatus;
  /** Whether the visitor already rated it (a second rating is refused). */
  rated: boolean;
  messages: ServerMessage[];
}

export class VisitorApi {
  private ws: Client | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly inboxId: string,
    private token: string | null = null,
  ) {}

  hasToken(): boolean {
    return this.token !== null;
  }

  setToken(token: string | null): void {
    this.token = token;
    this.ws?.dispose();
    this.ws = null;
  }

  async request<T, V extends object = Record<string, never>>(query: string, variables?: V): Promise<T> {
    return this.post<T>('/graphql', JSON.stringify({ query, variables }), { 'content-type': 'application/json' });
  }

  /** The API's message with absolute file links and its prompt's choices, as the widget shows it. */
  private message(raw: RawMessage): ServerMessage {
    const { attributes, conversationId, ...rest } = raw;
    return {
      ...rest,
      attachments: raw.attachments.map((file) => ({ ...file, url: new URL(file.url, this.baseUrl).toString() })),
      choices: choicesOf(attributes),
      fileMissing: (attributes as { missingFile?: unknown } | null)?.missingFile != null,
    };
  }

  private async post<T>(path: string, body: string | FormData, headers: Record<string, string>): Promise<T> {
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers, body });
    } catch {
      throw new ApiError('network error', 'NETWORK', null);
    }
    let result: GraphQLResponse<T>;
    try {
      result = (await response.json()) as GraphQLResponse<T>;
    } catch {
      throw new ApiError(`HTTP ${response.status}`, response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL', null);
    }
    const error = result.errors?.[0];
    if (error !== undefined) {
      const bound = typeof error.extensions?.bound === 'number' ? error.extensions.bound : null;
      throw new ApiError(error.message, error.extensions?.code ?? 'INTERNAL', error.extensions?.field ?? null, asReason(error.extensions?.reason), bound);
    }
    if (result.data == null) throw new ApiError('empty response', 'INTERNAL', null);
    return result.data;
  }

  async config(locale: string): Promise<WidgetConfig> {
    const data = await this.request<WidgetConfigQuery, WidgetConfigQueryVariables>(WIDGET_CONFIG, { inboxId: this.inboxId, locale });
    return data.widgetConfig;
  }

  async startSession(answers: PreChatAnswers, locale: string, identity: { identifier: string; identifierHash: string } | null): Promise<VisitorSession> {
    const data = await this.request<StartVisitorSessionMutation, StartVisitorSessionMutationVariables>(START_SESSION, {
      input: { inboxId: this.inboxId, locale, ...answers, ...(identity ?? {}) },
    });
    const session = data.startVisitorSession;
    return { token: session.token, expiresAt: session.expiresAt, contactName: session.contact.name };
  }

  /** The visitor's most recent conversation in this inbox, with its latest messages. */
  async latestConversation(): Promise<VisitorConversation | null> {
    const data = await this.request<LatestVisitorConversationQuery>(withMessage(LATEST_CONVERSATION));
    const latest = data.visitorConversations[0];
    if (latest === undefined) return null;
    return { id: latest.id, status: latest.status, rated: latest.satisfaction !== null, messages: latest.messages.edges.map((edge) => this.message(edge.node)) };
  }

  /** `choiceId`: the prompt option the visitor clicked, whose title is `content`. */
  async send(content: string, clientMessageId: string, conversationId: string | null, choiceId: string | null = null): Promise<{ conversationId: string; message: ServerMessage }> {
    const data = await this.request<SendVisitorMessageMutation, SendVisitorMessageMutationVariables>(withMessage(SEND_MESSAGE), {
      input: { content, clientMessageId, conversationId, ...(choiceId === null ? {} : { choiceId }) },
    });
    return { conversationId: data.sendVisitorMessage.conversationId, message: this.message(data.sendVisitorMessage) };
  }

  /** A file from the visitor, as its own message (GraphQL multipart request). */
  async upload(file: File, clientMessageId: string, conversationId: string | null): Promise<{ conversationId: string; message: ServerMessage }> {
    const operations = {
      query: withMessage(SEND_ATTACHMENT),
      variables: { clientMessageId, conversationId, file: null },
    };
    const form = new FormData();
    form.append('operations', JSON.stringify(operations));
    form.append('map', JSON.stringify({ '0': ['variables.file'] }));
    form.append('0', file, file.name);
    const data = await this.post<SendVisitorAttachmentMutation>('/graphql/upload', form, {});
    return { conversationId: data.sendVisitorAttachment.conversationId, message: this.message(data.sendVisitorAttachment) };
  }

  async typing(conversationId: string, typing: boolean): Promise<void> {
    await this.request<VisitorTypingMutation, VisitorTypingMutationVariables>(TYPING, { id: conversationId, typing });
  }

  async markRead(conversationId: string): Promise<void> {
    await this.request<VisitorMarkReadMutation, VisitorMarkReadMutationVariables>(MARK_READ, { id: conversationId });
  }

  async rate(conversationId: string, score: number, comment: string): Promise<void> {
    await this.request<RateConversationMutation, RateConversationMutationVariables>(RATE, {
      id: conversationId,
      score,
      comment: comment === '' ? null : comment,
    });
  }

  /**
   * Live events of the visitor's conversations. `onConnected` runs on every (re)connection so the
   * caller can fetch what it missed while offline.
   */
  subscribe(onEvent: (event: VisitorEvent) => void, onConnected: () => void, onClosed: () => void): () => void {
    if (this.ws === null) {
      const token = this.token;
      this.ws = createClient({
        url: `${this.baseUrl.replace(/^http/, 'ws')}/graphql`,
        connectionParams: token === null ? {} : { Authorization: `Bearer ${token}` },
        retryAttempts: Infinity,
        shouldRetry: () => true,
        retryWait: async (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** retries, 15000) * (0.5 + Math.random() / 2))),
        on: { connected: onConnected, closed: onClosed },
      });
    }
    return this.ws.subscribe<VisitorEventsSubscription>(
      { query: withMessage(EVENTS) },
      {
        next: (result) => {
          const event = result.data?.visitorEvents;
          const parsed = event == null ? null : toEvent(event, (raw) => this.message(raw));
          if (parsed !== null) onEvent(parsed);
        },
        error: () => onClosed(),
        complete: () => undefined,
      },
    );
  }

  dispose(): void {
    this.ws?.dispose();
    this.ws = null;
  }
}

type RawEvent = VisitorEventsSubscription['visitorEvents'];

/** The API's event as the conversation applies it; `null` for what the widget ignores. */
export function toEvent(raw: RawEvent, message: (raw: RawMessage) => ServerMessage): VisitorEvent | null {
  const conversationId = raw.conversationId;
  switch (raw.kind) {
    case 'MESSAGE':
      return raw.message === null ? null : { kind: 'MESSAGE', conversationId, message: message(raw.message) };
    case 'DELIVERY':
      return raw.message === null ? null : { kind: 'DELIVERY', conversationId, messageId: raw.message.id, state: raw.message.deliveryState };
    case 'READ':
      return { kind: 'READ', conversationId };
    case 'TYPING':
      // The visitor's own keystrokes in another tab are not "the agent is typing".
      return raw.fromVisitor ? null : { kind: 'TYPING', conversationId, typing: raw.typing ?? false, name: null };
    case 'STATUS':
      return raw.status === null ? null : { kind: 'STATUS', conversationId, status: raw.status };
    default:
      return null;
  }
}
