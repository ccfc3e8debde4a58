/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ConversationEventKind =
  | 'ASSIGNED'
  | 'CREATED'
  | 'DELIVERY_UPDATED'
  | 'LABELS_CHANGED'
  | 'MESSAGE_CREATED'
  | 'PRIORITY_CHANGED'
  | 'READ'
  | 'STATUS_CHANGED'
  | 'TRANSFERRED'
  /** Someone is typing; not stored, so it carries the last stored `seq` instead of a new one. */
  | 'TYPING';

export type ConversationFilterInput = {
  assigneeId?: string | number | null | undefined;
  contactId?: string | number | null | undefined;
  inboxId?: string | number | null | undefined;
  label?: string | null | undefined;
  priority?: ConversationPriority | null | undefined;
  /** A protocol number, part of the contact's name, phone or e-mail, or words of a message. */
  search?: string | null | undefined;
  /** Any of these statuses. */
  status?: Array<ConversationStatus> | null | undefined;
  teamId?: string | number | null | undefined;
  /** Only conversations nobody is assigned to. */
  unassigned?: boolean;
};

export type ConversationPriority =
  | 'HIGH'
  | 'LOW'
  | 'NORMAL'
  | 'URGENT';

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

export type DeliveryState =
  | 'DELIVERED'
  | 'FAILED'
  | 'PENDING'
  | 'READ'
  | 'SENT';

export type InboxEventFilter = {
  inboxId?: string | number | null | undefined;
  /** Only these kinds. */
  kinds?: Array<ConversationEventKind> | null | undefined;
  teamId?: string | number | null | undefined;
};

export type InboxKind =
  /** Integrators post customers' messages through GraphQL with an API key. */
  | 'API'
  | 'WEB'
  | 'WHATSAPP';

/** Language of the console (and of bots' texts) for this user. */
export type Language =
  | 'EN'
  | 'PT_BR';

export type MessageDirection =
  | 'INCOMING'
  | 'OUTGOING';

export type MessageKind =
  | 'ATTACHMENT'
  /** A line the system writes into the history (e.g. "transferred to Financeiro"). */
  | 'EVENT'
  /** A private note between agents: never sent to the customer nor shown to integrators. */
  | 'NOTE'
  | 'TEXT';

export type Presence =
  | 'AWAY'
  | 'OFFLINE'
  | 'ONLINE';

export type Role =
  | 'ADMIN'
  | 'AGENT'
  | 'SUPERVISOR';

export type SenderKind =
  | 'AGENT'
  | 'BOT'
  | 'CONTACT'
  | 'SYSTEM';

export type LoginMutationVariables = Exact<{
  login: string;
  password: string;
}>;


export type LoginMutation = { login: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string } };

export type RefreshMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshMutation = { refreshToken: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, refreshTokenExpiresAt: string } };

export type LogoutMutationVariables = Exact<{
  refreshToken: string;
}>;


export type LogoutMutation = { logout: boolean };

export type MeFragment = { id: string, name: string, email: string, username: string, role: Role, language: Language, teams: Array<{ id: string, name: string }> };

export type CurrentUserQueryVariables = Exact<{ [key: string]: never; }>;


export type CurrentUserQuery = { me: { id: string, name: string, email: string, username: string, role: Role, language: Language, teams: Array<{ id: string, name: string }> } };

export type UpdateLanguageMutationVariables = Exact<{
  language: Language;
}>;


export type UpdateLanguageMutation = { updateMe: { id: string, language: Language } };

export type NotifyEventsSubscriptionVariables = Exact<{
  filter?: InboxEventFilter | null | undefined;
}>;


export type NotifyEventsSubscription = { inboxEvents: { kind: ConversationEventKind, conversation: { id: string, status: ConversationStatus, contact: { name: string }, assignee: { id: string } | null }, message: { content: string, direction: MessageDirection, private: boolean } | null } };

export type MyPresenceQueryVariables = Exact<{ [key: string]: never; }>;


export type MyPresenceQuery = { me: { id: string, presence: Presence, presenceSince: string | null } };

export type SetPresenceMutationVariables = Exact<{
  presence: Presence;
}>;


export type SetPresenceMutation = { setPresence: { id: string, presence: Presence, presenceSince: string | null } };

export type MyPresenceEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type MyPresenceEventsSubscription = { presenceEvents: { userId: string, presence: Presence, since: string } };

export type MessageItemFragment = { id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string }> };

export type ConversationDetailQueryVariables = Exact<{
  id: string | number;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ConversationDetailQuery = { conversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, lastSeq: number, messages: { nodes: Array<{ id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string }> }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } }, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

export type OlderMessagesQueryVariables = Exact<{
  id: string | number;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type OlderMessagesQuery = { conversation: { id: string, messages: { nodes: Array<{ id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string }> }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } } } };

export type ConversationEventsSubscriptionVariables = Exact<{
  id: string | number;
  after?: number | null | undefined;
}>;


export type ConversationEventsSubscription = { conversationEvents: { seq: number, kind: ConversationEventKind, message: { id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string }> } | null, conversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, lastSeq: number, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } } };

export type SendMessageMutationVariables = Exact<{
  id: string | number;
  content: string;
  clientMessageId?: string | null | undefined;
  private: boolean;
}>;


export type SendMessageMutation = { sendMessage: { id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string }> } };

export type SetConversationStatusMutationVariables = Exact<{
  id: string | number;
  status: ConversationStatus;
}>;


export type SetConversationStatusMutation = { setConversationStatus: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, lastSeq: number, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

export type MarkConversationReadMutationVariables = Exact<{
  id: string | number;
}>;


export type MarkConversationReadMutation = { markConversationRead: { id: string, unreadCount: number } };

export type CannedResponsesQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type CannedResponsesQuery = { cannedResponses: Array<{ id: string, shortcut: string, content: string }> };

export type RenderCannedQueryVariables = Exact<{
  id: string | number;
  conversationId: string | number;
}>;


export type RenderCannedQuery = { renderCannedResponse: string };

export type DashboardQueryVariables = Exact<{
  teamId?: string | number | null | undefined;
}>;


export type DashboardQuery = { dashboard: { since: string, timezone: string, generatedAt: string, createdToday: number, resolvedToday: number, team: { id: string, name: string } | null, counts: { bot: number, queued: number, open: number, pending: number, snoozed: number }, queues: Array<{ length: number, longestWaitSeconds: number, averageWaitSeconds: number, team: { id: string, name: string } | null }>, agents: Array<{ presence: Presence, presenceSince: string | null, activeConversations: number, user: { id: string, name: string } }>, firstResponse: { count: number, averageSeconds: number | null, medianSeconds: number | null }, resolution: { count: number, averageSeconds: number | null, medianSeconds: number | null }, satisfaction: { count: number, average: number | null } } };

export type DashboardTeamsQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardTeamsQuery = { teams: Array<{ id: string, name: string }> };

export type DashboardPresenceEventsSubscriptionVariables = Exact<{
  teamId?: string | number | null | undefined;
}>;


export type DashboardPresenceEventsSubscription = { presenceEvents: { userId: string, presence: Presence, since: string } };

export type DashboardInboxEventsSubscriptionVariables = Exact<{
  filter?: InboxEventFilter | null | undefined;
}>;


export type DashboardInboxEventsSubscription = { inboxEvents: { kind: ConversationEventKind, seq: number } };

export type ConversationRowFragment = { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, lastSeq: number, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null };

export type ConversationListQueryVariables = Exact<{
  filter?: ConversationFilterInput | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConversationListQuery = { conversations: { nodes: Array<{ id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, lastSeq: number, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type InboxEventsSubscriptionVariables = Exact<{
  filter?: InboxEventFilter | null | undefined;
}>;


export type InboxEventsSubscription = { inboxEvents: { kind: ConversationEventKind, seq: number, at: string, conversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, lastSeq: number, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null }, message: { id: string, content: string, direction: MessageDirection, private: boolean, createdAt: string } | null } };

export type InboxFilterChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type InboxFilterChoicesQuery = { inboxes: Array<{ id: string, name: string, kind: InboxKind }>, labels: Array<{ name: string, color: string }> };

export type ClaimNextMutationVariables = Exact<{
  teamId?: string | number | null | undefined;
}>;


export type ClaimNextMutation = { claimNextConversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, lastSeq: number, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } | null };

export type SearchMessagesQueryVariables = Exact<{
  query: string;
  first?: number | null | undefined;
}>;


export type SearchMessagesQuery = { searchMessages: { nodes: Array<{ id: string, content: string, createdAt: string, conversation: { id: string, protocol: string, contact: { name: string }, inbox: { kind: InboxKind } } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const MeFragmentDoc = new TypedDocumentString(`
    fragment Me on User {
  id
  name
  email
  username
  role
  language
  teams {
    id
    name
  }
}
    `, {"fragmentName":"Me"}) as unknown as TypedDocumentString<MeFragment, unknown>;
export const MessageItemFragmentDoc = new TypedDocumentString(`
    fragment MessageItem on Message {
  id
  content
  direction
  kind
  private
  senderKind
  createdAt
  deliveryState
  clientMessageId
  attachments {
    fileName
    url
  }
}
    `, {"fragmentName":"MessageItem"}) as unknown as TypedDocumentString<MessageItemFragment, unknown>;
export const ConversationRowFragmentDoc = new TypedDocumentString(`
    fragment ConversationRow on Conversation {
  id
  protocol
  status
  priority
  labels
  queuedAt
  firstResponseAt
  lastActivityAt
  createdAt
  unreadCount
  lastSeq
  contact {
    id
    name
    phone
    email
  }
  inbox {
    id
    name
    kind
  }
  team {
    id
    name
  }
  assignee {
    id
    name
  }
}
    `, {"fragmentName":"ConversationRow"}) as unknown as TypedDocumentString<ConversationRowFragment, unknown>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($login: String!, $password: String!) {
  login(login: $login, password: $password) {
    accessToken
    accessTokenExpiresAt
    refreshToken
    refreshTokenExpiresAt
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const RefreshDocument = new TypedDocumentString(`
    mutation Refresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) {
    accessToken
    accessTokenExpiresAt
    refreshToken
    refreshTokenExpiresAt
  }
}
    `) as unknown as TypedDocumentString<RefreshMutation, RefreshMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout($refreshToken: String!) {
  logout(refreshToken: $refreshToken)
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const CurrentUserDocument = new TypedDocumentString(`
    query CurrentUser {
  me {
    ...Me
  }
}
    fragment Me on User {
  id
  name
  email
  username
  role
  language
  teams {
    id
    name
  }
}`) as unknown as TypedDocumentString<CurrentUserQuery, CurrentUserQueryVariables>;
export const UpdateLanguageDocument = new TypedDocumentString(`
    mutation UpdateLanguage($language: Language!) {
  updateMe(input: { language: $language }) {
    id
    language
  }
}
    `) as unknown as TypedDocumentString<UpdateLanguageMutation, UpdateLanguageMutationVariables>;
export const NotifyEventsDocument = new TypedDocumentString(`
    subscription NotifyEvents($filter: InboxEventFilter) {
  inboxEvents(filter: $filter) {
    kind
    conversation {
      id
      status
      contact {
        name
      }
      assignee {
        id
      }
    }
    message {
      content
      direction
      private
    }
  }
}
    `) as unknown as TypedDocumentString<NotifyEventsSubscription, NotifyEventsSubscriptionVariables>;
export const MyPresenceDocument = new TypedDocumentString(`
    query MyPresence {
  me {
    id
    presence
    presenceSince
  }
}
    `) as unknown as TypedDocumentString<MyPresenceQuery, MyPresenceQueryVariables>;
export const SetPresenceDocument = new TypedDocumentString(`
    mutation SetPresence($presence: Presence!) {
  setPresence(presence: $presence) {
    id
    presence
    presenceSince
  }
}
    `) as unknown as TypedDocumentString<SetPresenceMutation, SetPresenceMutationVariables>;
export const MyPresenceEventsDocument = new TypedDocumentString(`
    subscription MyPresenceEvents {
  presenceEvents {
    userId
    presence
    since
  }
}
    `) as unknown as TypedDocumentString<MyPresenceEventsSubscription, MyPresenceEventsSubscriptionVariables>;
export const ConversationDetailDocument = new TypedDocumentString(`
    query ConversationDetail($id: ID!, $last: Int, $before: String) {
  conversation(id: $id) {
    ...ConversationRow
    messages(last: $last, before: $before) {
      nodes {
        ...MessageItem
      }
      pageInfo {
        hasPreviousPage
        startCursor
      }
    }
  }
}
    fragment MessageItem on Message {
  id
  content
  direction
  kind
  private
  senderKind
  createdAt
  deliveryState
  clientMessageId
  attachments {
    fileName
    url
  }
}
fragment ConversationRow on Conversation {
  id
  protocol
  status
  priority
  labels
  queuedAt
  firstResponseAt
  lastActivityAt
  createdAt
  unreadCount
  lastSeq
  contact {
    id
    name
    phone
    email
  }
  inbox {
    id
    name
    kind
  }
  team {
    id
    name
  }
  assignee {
    id
    name
  }
}`) as unknown as TypedDocumentString<ConversationDetailQuery, ConversationDetailQueryVariables>;
export const OlderMessagesDocument = new TypedDocumentString(`
    query OlderMessages($id: ID!, $last: Int, $before: String) {
  conversation(id: $id) {
    id
    messages(last: $last, before: $before) {
      nodes {
        ...MessageItem
      }
      pageInfo {
        hasPreviousPage
        startCursor
      }
    }
  }
}
    fragment MessageItem on Message {
  id
  content
  direction
  kind
  private
  senderKind
  createdAt
  deliveryState
  clientMessageId
  attachments {
    fileName
    url
  }
}`) as unknown as TypedDocumentString<OlderMessagesQuery, OlderMessagesQueryVariables>;
export const ConversationEventsDocument = new TypedDocumentString(`
    subscription ConversationEvents($id: ID!, $after: Int) {
  conversationEvents(conversationId: $id, after: $after) {
    seq
    kind
    message {
      ...MessageItem
    }
    conversation {
      ...ConversationRow
    }
  }
}
    fragment MessageItem on Message {
  id
  content
  direction
  kind
  private
  senderKind
  createdAt
  deliveryState
  clientMessageId
  attachments {
    fileName
    url
  }
}
fragment ConversationRow on Conversation {
  id
  protocol
  status
  priority
  labels
  queuedAt
  firstResponseAt
  lastActivityAt
  createdAt
  unreadCount
  lastSeq
  contact {
    id
    name
    phone
    email
  }
  inbox {
    id
    name
    kind
  }
  team {
    id
    name
  }
  assignee {
    id
    name
  }
}`) as unknown as TypedDocumentString<ConversationEventsSubscription, ConversationEventsSubscriptionVariables>;
export const SendMessageDocument = new TypedDocumentString(`
    mutation SendMessage($id: ID!, $content: String!, $clientMessageId: String, $private: Boolean!) {
  sendMessage(
    conversationId: $id
    content: $content
    clientMessageId: $clientMessageId
    private: $private
  ) {
    ...MessageItem
  }
}
    fragment MessageItem on Message {
  id
  content
  direction
  kind
  private
  senderKind
  createdAt
  deliveryState
  clientMessageId
  attachments {
    fileName
    url
  }
}`) as unknown as TypedDocumentString<SendMessageMutation, SendMessageMutationVariables>;
export const SetConversationStatusDocument = new TypedDocumentString(`
    mutation SetConversationStatus($id: ID!, $status: ConversationStatus!) {
  setConversationStatus(conversationId: $id, status: $status) {
    ...ConversationRow
  }
}
    fragment ConversationRow on Conversation {
  id
  protocol
  status
  priority
  labels
  queuedAt
  firstResponseAt
  lastActivityAt
  createdAt
  unreadCount
  lastSeq
  contact {
    id
    name
    phone
    email
  }
  inbox {
    id
    name
    kind
  }
  team {
    id
    name
  }
  assignee {
    id
    name
  }
}`) as unknown as TypedDocumentString<SetConversationStatusMutation, SetConversationStatusMutationVariables>;
export const MarkConversationReadDocument = new TypedDocumentString(`
    mutation MarkConversationRead($id: ID!) {
  markConversationRead(conversationId: $id) {
    id
    unreadCount
  }
}
    `) as unknown as TypedDocumentString<MarkConversationReadMutation, MarkConversationReadMutationVariables>;
export const CannedResponsesDocument = new TypedDocumentString(`
    query CannedResponses($search: String) {
  cannedResponses(search: $search) {
    id
    shortcut
    content
  }
}
    `) as unknown as TypedDocumentString<CannedResponsesQuery, CannedResponsesQueryVariables>;
export const RenderCannedDocument = new TypedDocumentString(`
    query RenderCanned($id: ID!, $conversationId: ID!) {
  renderCannedResponse(id: $id, conversationId: $conversationId)
}
    `) as unknown as TypedDocumentString<RenderCannedQuery, RenderCannedQueryVariables>;
export const DashboardDocument = new TypedDocumentString(`
    query Dashboard($teamId: ID) {
  dashboard(teamId: $teamId) {
    since
    timezone
    generatedAt
    team {
      id
      name
    }
    counts {
      bot
      queued
      open
      pending
      snoozed
    }
    createdToday
    resolvedToday
    queues {
      team {
        id
        name
      }
      length
      longestWaitSeconds
      averageWaitSeconds
    }
    agents {
      user {
        id
        name
      }
      presence
      presenceSince
      activeConversations
    }
    firstResponse {
      count
      averageSeconds
      medianSeconds
    }
    resolution {
      count
      averageSeconds
      medianSeconds
    }
    satisfaction {
      count
      average
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardQuery, DashboardQueryVariables>;
export const DashboardTeamsDocument = new TypedDocumentString(`
    query DashboardTeams {
  teams {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<DashboardTeamsQuery, DashboardTeamsQueryVariables>;
export const DashboardPresenceEventsDocument = new TypedDocumentString(`
    subscription DashboardPresenceEvents($teamId: ID) {
  presenceEvents(teamId: $teamId) {
    userId
    presence
    since
  }
}
    `) as unknown as TypedDocumentString<DashboardPresenceEventsSubscription, DashboardPresenceEventsSubscriptionVariables>;
export const DashboardInboxEventsDocument = new TypedDocumentString(`
    subscription DashboardInboxEvents($filter: InboxEventFilter) {
  inboxEvents(filter: $filter) {
    kind
    seq
  }
}
    `) as unknown as TypedDocumentString<DashboardInboxEventsSubscription, DashboardInboxEventsSubscriptionVariables>;
export const ConversationListDocument = new TypedDocumentString(`
    query ConversationList($filter: ConversationFilterInput, $first: Int, $after: String) {
  conversations(filter: $filter, first: $first, after: $after) {
    nodes {
      ...ConversationRow
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ConversationRow on Conversation {
  id
  protocol
  status
  priority
  labels
  queuedAt
  firstResponseAt
  lastActivityAt
  createdAt
  unreadCount
  lastSeq
  contact {
    id
    name
    phone
    email
  }
  inbox {
    id
    name
    kind
  }
  team {
    id
    name
  }
  assignee {
    id
    name
  }
}`) as unknown as TypedDocumentString<ConversationListQuery, ConversationListQueryVariables>;
export const InboxEventsDocument = new TypedDocumentString(`
    subscription InboxEvents($filter: InboxEventFilter) {
  inboxEvents(filter: $filter) {
    kind
    seq
    at
    conversation {
      ...ConversationRow
    }
    message {
      id
      content
      direction
      private
      createdAt
    }
  }
}
    fragment ConversationRow on Conversation {
  id
  protocol
  status
  priority
  labels
  queuedAt
  firstResponseAt
  lastActivityAt
  createdAt
  unreadCount
  lastSeq
  contact {
    id
    name
    phone
    email
  }
  inbox {
    id
    name
    kind
  }
  team {
    id
    name
  }
  assignee {
    id
    name
  }
}`) as unknown as TypedDocumentString<InboxEventsSubscription, InboxEventsSubscriptionVariables>;
export const InboxFilterChoicesDocument = new TypedDocumentString(`
    query InboxFilterChoices {
  inboxes {
    id
    name
    kind
  }
  labels {
    name
    color
  }
}
    `) as unknown as TypedDocumentString<InboxFilterChoicesQuery, InboxFilterChoicesQueryVariables>;
export const ClaimNextDocument = new TypedDocumentString(`
    mutation ClaimNext($teamId: ID) {
  claimNextConversation(teamId: $teamId) {
    ...ConversationRow
  }
}
    fragment ConversationRow on Conversation {
  id
  protocol
  status
  priority
  labels
  queuedAt
  firstResponseAt
  lastActivityAt
  createdAt
  unreadCount
  lastSeq
  contact {
    id
    name
    phone
    email
  }
  inbox {
    id
    name
    kind
  }
  team {
    id
    name
  }
  assignee {
    id
    name
  }
}`) as unknown as TypedDocumentString<ClaimNextMutation, ClaimNextMutationVariables>;
export const SearchMessagesDocument = new TypedDocumentString(`
    query SearchMessages($query: String!, $first: Int) {
  searchMessages(query: $query, first: $first) {
    nodes {
      id
      content
      createdAt
      conversation {
        id
        protocol
        contact {
          name
        }
        inbox {
          kind
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchMessagesQuery, SearchMessagesQueryVariables>;