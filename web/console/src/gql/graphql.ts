/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ActorKind =
  | 'API_KEY'
  | 'CONTACT'
  | 'SYSTEM'
  | 'USER';

export type AuditFilter = {
  /** An action (`user.create`) or a prefix ending in a dot (`auth.`). */
  action?: string | null | undefined;
  actorId?: string | number | null | undefined;
  since?: string | null | undefined;
  targetId?: string | null | undefined;
  targetType?: string | null | undefined;
  until?: string | null | undefined;
};

export type CannedResponseScope =
  | 'GLOBAL'
  | 'PERSONAL'
  | 'TEAM';

export type ConfigurePluginInput = {
  secrets?: Array<PluginSecretInput> | null | undefined;
  /**
   * Setting values by key (a JSON object); `null` resets a key to its default. Keys left out
   * keep their value.
   */
  settings?: unknown;
};

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

/** Whether the pre-chat form asks for the CPF. */
export type CpfField =
  | 'HIDDEN'
  | 'OPTIONAL'
  | 'REQUIRED';

export type CreateCannedResponseInput = {
  /** 1–5000 characters. */
  content: string;
  scope: CannedResponseScope;
  /** 1–32 of `a-z 0-9 - _`; lower-cased. */
  shortcut: string;
  /** Required for `TEAM`, refused otherwise. */
  teamId?: string | number | null | undefined;
};

export type CreateInboxInput = {
  /** An enabled bot plugin: new conversations start with it (status `BOT`). */
  botPluginId?: string | null | undefined;
  kind: InboxKind;
  name: string;
  /**
   * WHATSAPP and WEB inboxes: the enabled channel plugin that receives the inbox's webhooks
   * (at `/webhooks/{inboxId}`) and sends its replies.
   */
  pluginId?: string | null | undefined;
  /** An enabled router plugin: it assigns queued conversations to agents. */
  routerPluginId?: string | null | undefined;
  teamId?: string | number | null | undefined;
  /** API inboxes: agents' replies are POSTed here, signed (see `webhookSecret`). */
  webhookUrl?: string | null | undefined;
  /** WEB inboxes: the chat widget's settings (defaults for what is left out). */
  widget?: WidgetSettingsInput | null | undefined;
};

export type CreateTeamInput = {
  description?: string | null | undefined;
  name: string;
};

export type CreateUserInput = {
  email: string;
  language?: Language | null | undefined;
  name: string;
  password: string;
  role: Role;
  username: string;
};

/**
 * Why a reply did not reach the customer, for clients to explain in the reader's language;
 * `deliveryError` keeps the provider's or the host's own words for the operator.
 */
export type DeliveryFailure =
  /** The channel does not carry files. */
  | 'FILES_UNSUPPORTED'
  /** The channel kept failing or limiting, and the server gave up trying. */
  | 'GAVE_UP'
  /** The channel refused the content: too long, an unsupported file, an unknown template. */
  | 'INVALID_CONTENT'
  /** The recipient is not on the channel, blocked the business or opted out. */
  | 'INVALID_RECIPIENT'
  /** The contact has no address in this inbox's channel. */
  | 'NO_ADDRESS'
  /** Files go out through channels only once the server's public address is set. */
  | 'NO_PUBLIC_URL'
  /** Anything else; `deliveryError` says what. */
  | 'OTHER'
  /** The channel's reply window had closed: only a template could go. */
  | 'OUTSIDE_REPLY_WINDOW'
  /** The channel, or the integration behind an API inbox, reported the message as failed. */
  | 'REPORTED'
  /** The channel refused the inbox's credentials: an admin must fix its configuration. */
  | 'UNAUTHORIZED';

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

/** A text in one language. */
export type LocalizedTextInput = {
  /** `pt-BR` or `en`. */
  locale: string;
  text: string;
};

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

export type MissingFileReason =
  /** A web chat upload was lost before it was stored. */
  | 'LOST'
  /** The upload rules refused it (its type or size). */
  | 'REFUSED'
  /** The channel's server did not hand it over, after every retry. */
  | 'UNAVAILABLE';

/** Why a plugin is disabled. */
export type PluginDisabledReason =
  /** The runtime stopped it after repeated crashes or timeouts. */
  | 'FAILURES'
  /** It could not be loaded at start-up (retried at the next start). */
  | 'LOAD'
  /** An admin disabled it. */
  | 'OPERATOR';

export type PluginKind =
  | 'BOT'
  | 'CHANNEL'
  | 'CLASSIFIER'
  | 'ROUTER';

export type PluginSecretInput = {
  name: string;
  /** The new value; an empty string clears the secret. */
  value: string;
};

export type PluginSource =
  /** Shipped with the server in the plugins folder; cannot be uninstalled. */
  | 'BUNDLED'
  /** Uploaded by an admin. */
  | 'UPLOADED';

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

export type SlaState =
  /** A running target is in the last quarter of its time. */
  | 'AT_RISK'
  /** A target was missed (still running, or met late). */
  | 'BREACHED'
  /** No running target is close to its due time. */
  | 'ON_TRACK';

export type SlaTarget =
  | 'FIRST_RESPONSE'
  | 'NEXT_RESPONSE'
  | 'RESOLUTION';

export type UpdateCannedResponseInput = {
  content?: string | null | undefined;
  shortcut?: string | null | undefined;
};

export type UpdateInboxInput = {
  /** `null` removes the bot: new conversations go straight to the queue. */
  botPluginId?: string | null | undefined;
  name?: string | null | undefined;
  /** `null` detaches the channel plugin: webhooks get 404 and replies wait in the outbox. */
  pluginId?: string | null | undefined;
  /** `null` removes the router: queued conversations wait to be claimed. */
  routerPluginId?: string | null | undefined;
  /** `null` detaches the inbox from its team. */
  teamId?: string | number | null | undefined;
  /** An empty string removes the webhook. */
  webhookUrl?: string | null | undefined;
  /** WEB inboxes: changes to the chat widget's settings. */
  widget?: WidgetSettingsInput | null | undefined;
};

export type UpdateTeamInput = {
  description?: string | null | undefined;
  name?: string | null | undefined;
};

export type UpdateUserInput = {
  email?: string | null | undefined;
  language?: Language | null | undefined;
  name?: string | null | undefined;
  /** Sets a new password and ends the user's sessions. */
  password?: string | null | undefined;
  role?: Role | null | undefined;
  /** `INACTIVE` blocks login and ends the user's sessions. */
  status?: UserStatus | null | undefined;
  username?: string | null | undefined;
};

export type UserFilter = {
  role?: Role | null | undefined;
  /** Part of the name, e-mail or username. */
  search?: string | null | undefined;
  status?: UserStatus | null | undefined;
  teamId?: string | number | null | undefined;
};

export type UserStatus =
  | 'ACTIVE'
  /** Cannot log in; kept so that history still names them. */
  | 'INACTIVE';

export type WidgetBusinessHoursInput = {
  days?: Array<WidgetDayHoursInput>;
  /** IANA time zone, e.g. `America/Manaus` (daylight saving applied) [default: America/Sao_Paulo]. */
  timezone?: string | null | undefined;
};

/** Open intervals of one weekday. */
export type WidgetDayHoursInput = {
  /** `HH:MM-HH:MM` in the inbox's time zone. */
  intervals: Array<string>;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
};

export type WidgetPosition =
  | 'LEFT'
  | 'RIGHT';

export type WidgetPreChatFormInput = {
  cpf?: CpfField;
  enabled?: boolean;
  requireEmailOrPhone?: boolean;
  requireName?: boolean;
};

/** A web inbox's widget. Fields left out of an input keep their current value. */
export type WidgetSettingsInput = {
  /** Origins such as `https://www.example.com.br`; empty lets any site embed the widget. */
  allowedOrigins?: Array<string> | null | undefined;
  businessHours?: WidgetBusinessHoursInput | null | undefined;
  /** `#rrggbb`. */
  color?: string | null | undefined;
  csatEnabled?: boolean | null | undefined;
  greeting?: Array<LocalizedTextInput> | null | undefined;
  offlineMessage?: Array<LocalizedTextInput> | null | undefined;
  position?: WidgetPosition | null | undefined;
  preChatForm?: WidgetPreChatFormInput | null | undefined;
};

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

export type AdminUsersQueryVariables = Exact<{
  filter?: UserFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminUsersQuery = { users: { nodes: Array<{ id: string, name: string, email: string, username: string, role: Role, status: UserStatus, teams: Array<{ id: string, name: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, teams: Array<{ id: string, name: string }> };

export type AdminCreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type AdminCreateUserMutation = { createUser: { id: string, name: string, username: string } };

export type AdminUpdateUserMutationVariables = Exact<{
  id: string | number;
  input: UpdateUserInput;
}>;


export type AdminUpdateUserMutation = { updateUser: { id: string, role: Role, status: UserStatus } };

export type AdminAddTeamMemberMutationVariables = Exact<{
  teamId: string | number;
  userId: string | number;
}>;


export type AdminAddTeamMemberMutation = { addTeamMember: { id: string, members: Array<{ id: string }> } };

export type AdminRemoveTeamMemberMutationVariables = Exact<{
  teamId: string | number;
  userId: string | number;
}>;


export type AdminRemoveTeamMemberMutation = { removeTeamMember: { id: string, members: Array<{ id: string }> } };

export type AdminTeamsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminTeamsQuery = { teams: Array<{ id: string, name: string, description: string, members: Array<{ id: string, name: string, username: string, status: UserStatus }> }>, users: { nodes: Array<{ id: string, name: string, username: string }> } };

export type AdminCreateTeamMutationVariables = Exact<{
  input: CreateTeamInput;
}>;


export type AdminCreateTeamMutation = { createTeam: { id: string, name: string } };

export type AdminUpdateTeamMutationVariables = Exact<{
  id: string | number;
  input: UpdateTeamInput;
}>;


export type AdminUpdateTeamMutation = { updateTeam: { id: string, name: string, description: string } };

export type AdminDeleteTeamMutationVariables = Exact<{
  id: string | number;
}>;


export type AdminDeleteTeamMutation = { deleteTeam: boolean };

export type AdminInboxFieldsFragment = { id: string, name: string, kind: InboxKind, webhookUrl: string | null, webhookSecret: string | null, pluginId: string | null, botPluginId: string | null, routerPluginId: string | null, widgetIdentitySecret: string | null, widgetSnippet: string | null, team: { id: string, name: string } | null, widget: { color: string, position: WidgetPosition, allowedOrigins: Array<string>, csatEnabled: boolean } | null };

export type AdminInboxesQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminInboxesQuery = { inboxes: Array<{ id: string, name: string, kind: InboxKind, webhookUrl: string | null, webhookSecret: string | null, pluginId: string | null, botPluginId: string | null, routerPluginId: string | null, widgetIdentitySecret: string | null, widgetSnippet: string | null, team: { id: string, name: string } | null, widget: { color: string, position: WidgetPosition, allowedOrigins: Array<string>, csatEnabled: boolean } | null }>, teams: Array<{ id: string, name: string }>, plugins: Array<{ id: string, name: string, kind: PluginKind, enabled: boolean }> };

export type AdminCreateInboxMutationVariables = Exact<{
  input: CreateInboxInput;
}>;


export type AdminCreateInboxMutation = { createInbox: { id: string, name: string, kind: InboxKind, webhookUrl: string | null, webhookSecret: string | null, pluginId: string | null, botPluginId: string | null, routerPluginId: string | null, widgetIdentitySecret: string | null, widgetSnippet: string | null, team: { id: string, name: string } | null, widget: { color: string, position: WidgetPosition, allowedOrigins: Array<string>, csatEnabled: boolean } | null } };

export type AdminUpdateInboxMutationVariables = Exact<{
  id: string | number;
  input: UpdateInboxInput;
}>;


export type AdminUpdateInboxMutation = { updateInbox: { id: string, name: string, kind: InboxKind, webhookUrl: string | null, webhookSecret: string | null, pluginId: string | null, botPluginId: string | null, routerPluginId: string | null, widgetIdentitySecret: string | null, widgetSnippet: string | null, team: { id: string, name: string } | null, widget: { color: string, position: WidgetPosition, allowedOrigins: Array<string>, csatEnabled: boolean } | null } };

export type AdminRotateWidgetSecretMutationVariables = Exact<{
  inboxId: string | number;
}>;


export type AdminRotateWidgetSecretMutation = { rotateWidgetSecret: string };

export type AdminRotateWebhookSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type AdminRotateWebhookSecretMutation = { rotateInboxWebhookSecret: { id: string, name: string, kind: InboxKind, webhookUrl: string | null, webhookSecret: string | null, pluginId: string | null, botPluginId: string | null, routerPluginId: string | null, widgetIdentitySecret: string | null, widgetSnippet: string | null, team: { id: string, name: string } | null, widget: { color: string, position: WidgetPosition, allowedOrigins: Array<string>, csatEnabled: boolean } | null } };

export type AdminPluginFieldsFragment = { id: string, name: string, description: string | null, version: string, kind: PluginKind, witVersion: string | null, enabled: boolean, disabledReason: PluginDisabledReason | null, source: PluginSource, capabilities: { httpHosts: Array<string>, kv: boolean, secrets: Array<{ name: string, reveal: boolean, description: string | null }> }, settings: Array<{ key: string, type: string, label: string | null, description: string | null, default: unknown, choices: Array<string> | null, min: number | null, max: number | null, required: boolean, value: unknown }>, secrets: Array<{ name: string, isSet: boolean }>, recentErrors: Array<{ at: string, reason: string, message: string }>, metrics: { calls: number, failures: number, meanDurationMs: number, maxDurationMs: number } };

export type AdminPluginsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminPluginsQuery = { plugins: Array<{ id: string, name: string, description: string | null, version: string, kind: PluginKind, witVersion: string | null, enabled: boolean, disabledReason: PluginDisabledReason | null, source: PluginSource, capabilities: { httpHosts: Array<string>, kv: boolean, secrets: Array<{ name: string, reveal: boolean, description: string | null }> }, settings: Array<{ key: string, type: string, label: string | null, description: string | null, default: unknown, choices: Array<string> | null, min: number | null, max: number | null, required: boolean, value: unknown }>, secrets: Array<{ name: string, isSet: boolean }>, recentErrors: Array<{ at: string, reason: string, message: string }>, metrics: { calls: number, failures: number, meanDurationMs: number, maxDurationMs: number } }> };

export type AdminEnablePluginMutationVariables = Exact<{
  id: string | number;
}>;


export type AdminEnablePluginMutation = { enablePlugin: { id: string, name: string, description: string | null, version: string, kind: PluginKind, witVersion: string | null, enabled: boolean, disabledReason: PluginDisabledReason | null, source: PluginSource, capabilities: { httpHosts: Array<string>, kv: boolean, secrets: Array<{ name: string, reveal: boolean, description: string | null }> }, settings: Array<{ key: string, type: string, label: string | null, description: string | null, default: unknown, choices: Array<string> | null, min: number | null, max: number | null, required: boolean, value: unknown }>, secrets: Array<{ name: string, isSet: boolean }>, recentErrors: Array<{ at: string, reason: string, message: string }>, metrics: { calls: number, failures: number, meanDurationMs: number, maxDurationMs: number } } };

export type AdminDisablePluginMutationVariables = Exact<{
  id: string | number;
}>;


export type AdminDisablePluginMutation = { disablePlugin: { id: string, name: string, description: string | null, version: string, kind: PluginKind, witVersion: string | null, enabled: boolean, disabledReason: PluginDisabledReason | null, source: PluginSource, capabilities: { httpHosts: Array<string>, kv: boolean, secrets: Array<{ name: string, reveal: boolean, description: string | null }> }, settings: Array<{ key: string, type: string, label: string | null, description: string | null, default: unknown, choices: Array<string> | null, min: number | null, max: number | null, required: boolean, value: unknown }>, secrets: Array<{ name: string, isSet: boolean }>, recentErrors: Array<{ at: string, reason: string, message: string }>, metrics: { calls: number, failures: number, meanDurationMs: number, maxDurationMs: number } } };

export type AdminConfigurePluginMutationVariables = Exact<{
  id: string | number;
  input: ConfigurePluginInput;
}>;


export type AdminConfigurePluginMutation = { configurePlugin: { id: string, name: string, description: string | null, version: string, kind: PluginKind, witVersion: string | null, enabled: boolean, disabledReason: PluginDisabledReason | null, source: PluginSource, capabilities: { httpHosts: Array<string>, kv: boolean, secrets: Array<{ name: string, reveal: boolean, description: string | null }> }, settings: Array<{ key: string, type: string, label: string | null, description: string | null, default: unknown, choices: Array<string> | null, min: number | null, max: number | null, required: boolean, value: unknown }>, secrets: Array<{ name: string, isSet: boolean }>, recentErrors: Array<{ at: string, reason: string, message: string }>, metrics: { calls: number, failures: number, meanDurationMs: number, maxDurationMs: number } } };

export type AdminUninstallPluginMutationVariables = Exact<{
  id: string | number;
}>;


export type AdminUninstallPluginMutation = { uninstallPlugin: boolean };

export type AdminCannedQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type AdminCannedQuery = { cannedResponses: Array<{ id: string, shortcut: string, content: string, scope: CannedResponseScope, team: { id: string, name: string } | null, owner: { id: string, name: string } | null }>, teams: Array<{ id: string, name: string }> };

export type AdminCreateCannedMutationVariables = Exact<{
  input: CreateCannedResponseInput;
}>;


export type AdminCreateCannedMutation = { createCannedResponse: { id: string } };

export type AdminUpdateCannedMutationVariables = Exact<{
  id: string | number;
  input: UpdateCannedResponseInput;
}>;


export type AdminUpdateCannedMutation = { updateCannedResponse: { id: string } };

export type AdminDeleteCannedMutationVariables = Exact<{
  id: string | number;
}>;


export type AdminDeleteCannedMutation = { deleteCannedResponse: boolean };

export type AdminAuditLogQueryVariables = Exact<{
  filter?: AuditFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminAuditLogQuery = { auditLog: { nodes: Array<{ id: string, at: string, actorKind: string, actorLabel: string, action: string, targetType: string | null, targetId: string | null, ip: string | null, details: unknown }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MessageItemFragment = { id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, deliveryError: string | null, deliveryFailure: DeliveryFailure | null, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string, contentType: string }>, attributes: { unsupportedType: string | null, location: { latitude: number, longitude: number, name: string | null, address: string | null } | null, reaction: { emoji: string } | null, template: { name: string, language: string } | null, contacts: Array<{ name: string }>, missingFile: { reason: MissingFileReason, fileName: string | null, detail: string } | null } | null };

export type ConversationDetailQueryVariables = Exact<{
  id: string | number;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ConversationDetailQuery = { conversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, messages: { nodes: Array<{ id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, deliveryError: string | null, deliveryFailure: DeliveryFailure | null, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string, contentType: string }>, attributes: { unsupportedType: string | null, location: { latitude: number, longitude: number, name: string | null, address: string | null } | null, reaction: { emoji: string } | null, template: { name: string, language: string } | null, contacts: Array<{ name: string }>, missingFile: { reason: MissingFileReason, fileName: string | null, detail: string } | null } | null }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } }, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

export type OlderMessagesQueryVariables = Exact<{
  id: string | number;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type OlderMessagesQuery = { conversation: { id: string, messages: { nodes: Array<{ id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, deliveryError: string | null, deliveryFailure: DeliveryFailure | null, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string, contentType: string }>, attributes: { unsupportedType: string | null, location: { latitude: number, longitude: number, name: string | null, address: string | null } | null, reaction: { emoji: string } | null, template: { name: string, language: string } | null, contacts: Array<{ name: string }>, missingFile: { reason: MissingFileReason, fileName: string | null, detail: string } | null } | null }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } } } };

export type ConversationEventsSubscriptionVariables = Exact<{
  id: string | number;
  after?: number | null | undefined;
}>;


export type ConversationEventsSubscription = { conversationEvents: { seq: number, kind: ConversationEventKind, actorKind: ActorKind, typing: boolean | null, note: string | null, team: { name: string } | null, message: { id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, deliveryError: string | null, deliveryFailure: DeliveryFailure | null, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string, contentType: string }>, attributes: { unsupportedType: string | null, location: { latitude: number, longitude: number, name: string | null, address: string | null } | null, reaction: { emoji: string } | null, template: { name: string, language: string } | null, contacts: Array<{ name: string }>, missingFile: { reason: MissingFileReason, fileName: string | null, detail: string } | null } | null } | null, conversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } } };

export type SendMessageMutationVariables = Exact<{
  id: string | number;
  content: string;
  clientMessageId?: string | null | undefined;
  private: boolean;
}>;


export type SendMessageMutation = { sendMessage: { id: string, content: string, direction: MessageDirection, kind: MessageKind, private: boolean, senderKind: SenderKind, createdAt: string, deliveryState: DeliveryState, deliveryError: string | null, deliveryFailure: DeliveryFailure | null, clientMessageId: string | null, attachments: Array<{ fileName: string, url: string, contentType: string }>, attributes: { unsupportedType: string | null, location: { latitude: number, longitude: number, name: string | null, address: string | null } | null, reaction: { emoji: string } | null, template: { name: string, language: string } | null, contacts: Array<{ name: string }>, missingFile: { reason: MissingFileReason, fileName: string | null, detail: string } | null } | null } };

export type SetConversationStatusMutationVariables = Exact<{
  id: string | number;
  status: ConversationStatus;
}>;


export type SetConversationStatusMutation = { setConversationStatus: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

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

export type AssignConversationMutationVariables = Exact<{
  id: string | number;
  agentId?: string | number | null | undefined;
}>;


export type AssignConversationMutation = { assignConversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

export type TransferConversationMutationVariables = Exact<{
  id: string | number;
  toAgentId?: string | number | null | undefined;
  toTeamId?: string | number | null | undefined;
  note?: string | null | undefined;
}>;


export type TransferConversationMutation = { transferConversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

export type SnoozeConversationMutationVariables = Exact<{
  id: string | number;
  until: string;
}>;


export type SnoozeConversationMutation = { setConversationStatus: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

export type ReopenConversationMutationVariables = Exact<{
  id: string | number;
}>;


export type ReopenConversationMutation = { reopenConversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

export type SetConversationPriorityMutationVariables = Exact<{
  id: string | number;
  priority: ConversationPriority;
}>;


export type SetConversationPriorityMutation = { setConversationPriority: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

export type SetConversationLabelsMutationVariables = Exact<{
  id: string | number;
  labels: Array<string> | string;
}>;


export type SetConversationLabelsMutation = { setConversationLabels: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } };

export type LabelCatalogueQueryVariables = Exact<{ [key: string]: never; }>;


export type LabelCatalogueQuery = { labels: Array<{ name: string, color: string, description: string }> };

export type TransferTargetsQueryVariables = Exact<{ [key: string]: never; }>;


export type TransferTargetsQuery = { teams: Array<{ id: string, name: string }> };

export type TransferAgentsQueryVariables = Exact<{ [key: string]: never; }>;


export type TransferAgentsQuery = { users: { nodes: Array<{ id: string, name: string, role: Role }> } };

export type ContactPanelQueryVariables = Exact<{
  contactId: string | number;
}>;


export type ContactPanelQuery = { contact: { id: string, name: string, phone: string | null, email: string | null, document: string | null, documentFormatted: string | null, customAttributes: unknown }, conversations: { nodes: Array<{ id: string, protocol: string, status: ConversationStatus, createdAt: string }> } };

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

export type ConversationRowFragment = { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null };

export type ConversationListQueryVariables = Exact<{
  filter?: ConversationFilterInput | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConversationListQuery = { conversations: { nodes: Array<{ id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type InboxEventsSubscriptionVariables = Exact<{
  filter?: InboxEventFilter | null | undefined;
}>;


export type InboxEventsSubscription = { inboxEvents: { kind: ConversationEventKind, seq: number, at: string, conversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null }, message: { id: string, content: string, direction: MessageDirection, private: boolean, createdAt: string } | null } };

export type InboxFilterChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type InboxFilterChoicesQuery = { inboxes: Array<{ id: string, name: string, kind: InboxKind }>, labels: Array<{ name: string, color: string }> };

export type ClaimNextMutationVariables = Exact<{
  teamId?: string | number | null | undefined;
}>;


export type ClaimNextMutation = { claimNextConversation: { id: string, protocol: string, status: ConversationStatus, priority: ConversationPriority, labels: Array<string>, queuedAt: string | null, firstResponseAt: string | null, lastActivityAt: string, createdAt: string, unreadCount: number, waitingSince: string | null, lastSeq: number, sla: { state: SlaState, next: { target: SlaTarget, dueAt: string, atRiskAt: string } | null } | null, contact: { id: string, name: string, phone: string | null, email: string | null }, inbox: { id: string, name: string, kind: InboxKind }, team: { id: string, name: string } | null, assignee: { id: string, name: string } | null } | null };

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
export const AdminInboxFieldsFragmentDoc = new TypedDocumentString(`
    fragment AdminInboxFields on Inbox {
  id
  name
  kind
  team {
    id
    name
  }
  webhookUrl
  webhookSecret
  pluginId
  botPluginId
  routerPluginId
  widget {
    color
    position
    allowedOrigins
    csatEnabled
  }
  widgetIdentitySecret
  widgetSnippet
}
    `, {"fragmentName":"AdminInboxFields"}) as unknown as TypedDocumentString<AdminInboxFieldsFragment, unknown>;
export const AdminPluginFieldsFragmentDoc = new TypedDocumentString(`
    fragment AdminPluginFields on Plugin {
  id
  name
  description
  version
  kind
  witVersion
  enabled
  disabledReason
  source
  capabilities {
    httpHosts
    kv
    secrets {
      name
      reveal
      description
    }
  }
  settings {
    key
    type
    label
    description
    default
    choices
    min
    max
    required
    value
  }
  secrets {
    name
    isSet
  }
  recentErrors(limit: 10) {
    at
    reason
    message
  }
  metrics {
    calls
    failures
    meanDurationMs
    maxDurationMs
  }
}
    `, {"fragmentName":"AdminPluginFields"}) as unknown as TypedDocumentString<AdminPluginFieldsFragment, unknown>;
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
  deliveryError
  deliveryFailure
  clientMessageId
  attachments {
    fileName
    url
    contentType
  }
  attributes {
    location {
      latitude
      longitude
      name
      address
    }
    reaction {
      emoji
    }
    template {
      name
      language
    }
    contacts {
      name
    }
    unsupportedType
    missingFile {
      reason
      fileName
      detail
    }
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
export const AdminUsersDocument = new TypedDocumentString(`
    query AdminUsers($filter: UserFilter, $first: Int, $after: String) {
  users(filter: $filter, first: $first, after: $after) {
    nodes {
      id
      name
      email
      username
      role
      status
      teams {
        id
        name
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
  teams {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<AdminUsersQuery, AdminUsersQueryVariables>;
export const AdminCreateUserDocument = new TypedDocumentString(`
    mutation AdminCreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    id
    name
    username
  }
}
    `) as unknown as TypedDocumentString<AdminCreateUserMutation, AdminCreateUserMutationVariables>;
export const AdminUpdateUserDocument = new TypedDocumentString(`
    mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) {
    id
    role
    status
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateUserMutation, AdminUpdateUserMutationVariables>;
export const AdminAddTeamMemberDocument = new TypedDocumentString(`
    mutation AdminAddTeamMember($teamId: ID!, $userId: ID!) {
  addTeamMember(teamId: $teamId, userId: $userId) {
    id
    members {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<AdminAddTeamMemberMutation, AdminAddTeamMemberMutationVariables>;
export const AdminRemoveTeamMemberDocument = new TypedDocumentString(`
    mutation AdminRemoveTeamMember($teamId: ID!, $userId: ID!) {
  removeTeamMember(teamId: $teamId, userId: $userId) {
    id
    members {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<AdminRemoveTeamMemberMutation, AdminRemoveTeamMemberMutationVariables>;
export const AdminTeamsDocument = new TypedDocumentString(`
    query AdminTeams {
  teams {
    id
    name
    description
    members {
      id
      name
      username
      status
    }
  }
  users(first: 100, filter: { status: ACTIVE }) {
    nodes {
      id
      name
      username
    }
  }
}
    `) as unknown as TypedDocumentString<AdminTeamsQuery, AdminTeamsQueryVariables>;
export const AdminCreateTeamDocument = new TypedDocumentString(`
    mutation AdminCreateTeam($input: CreateTeamInput!) {
  createTeam(input: $input) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<AdminCreateTeamMutation, AdminCreateTeamMutationVariables>;
export const AdminUpdateTeamDocument = new TypedDocumentString(`
    mutation AdminUpdateTeam($id: ID!, $input: UpdateTeamInput!) {
  updateTeam(id: $id, input: $input) {
    id
    name
    description
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateTeamMutation, AdminUpdateTeamMutationVariables>;
export const AdminDeleteTeamDocument = new TypedDocumentString(`
    mutation AdminDeleteTeam($id: ID!) {
  deleteTeam(id: $id)
}
    `) as unknown as TypedDocumentString<AdminDeleteTeamMutation, AdminDeleteTeamMutationVariables>;
export const AdminInboxesDocument = new TypedDocumentString(`
    query AdminInboxes {
  inboxes {
    ...AdminInboxFields
  }
  teams {
    id
    name
  }
  plugins {
    id
    name
    kind
    enabled
  }
}
    fragment AdminInboxFields on Inbox {
  id
  name
  kind
  team {
    id
    name
  }
  webhookUrl
  webhookSecret
  pluginId
  botPluginId
  routerPluginId
  widget {
    color
    position
    allowedOrigins
    csatEnabled
  }
  widgetIdentitySecret
  widgetSnippet
}`) as unknown as TypedDocumentString<AdminInboxesQuery, AdminInboxesQueryVariables>;
export const AdminCreateInboxDocument = new TypedDocumentString(`
    mutation AdminCreateInbox($input: CreateInboxInput!) {
  createInbox(input: $input) {
    ...AdminInboxFields
  }
}
    fragment AdminInboxFields on Inbox {
  id
  name
  kind
  team {
    id
    name
  }
  webhookUrl
  webhookSecret
  pluginId
  botPluginId
  routerPluginId
  widget {
    color
    position
    allowedOrigins
    csatEnabled
  }
  widgetIdentitySecret
  widgetSnippet
}`) as unknown as TypedDocumentString<AdminCreateInboxMutation, AdminCreateInboxMutationVariables>;
export const AdminUpdateInboxDocument = new TypedDocumentString(`
    mutation AdminUpdateInbox($id: ID!, $input: UpdateInboxInput!) {
  updateInbox(id: $id, input: $input) {
    ...AdminInboxFields
  }
}
    fragment AdminInboxFields on Inbox {
  id
  name
  kind
  team {
    id
    name
  }
  webhookUrl
  webhookSecret
  pluginId
  botPluginId
  routerPluginId
  widget {
    color
    position
    allowedOrigins
    csatEnabled
  }
  widgetIdentitySecret
  widgetSnippet
}`) as unknown as TypedDocumentString<AdminUpdateInboxMutation, AdminUpdateInboxMutationVariables>;
export const AdminRotateWidgetSecretDocument = new TypedDocumentString(`
    mutation AdminRotateWidgetSecret($inboxId: ID!) {
  rotateWidgetSecret(inboxId: $inboxId)
}
    `) as unknown as TypedDocumentString<AdminRotateWidgetSecretMutation, AdminRotateWidgetSecretMutationVariables>;
export const AdminRotateWebhookSecretDocument = new TypedDocumentString(`
    mutation AdminRotateWebhookSecret($id: ID!) {
  rotateInboxWebhookSecret(id: $id) {
    ...AdminInboxFields
  }
}
    fragment AdminInboxFields on Inbox {
  id
  name
  kind
  team {
    id
    name
  }
  webhookUrl
  webhookSecret
  pluginId
  botPluginId
  routerPluginId
  widget {
    color
    position
    allowedOrigins
    csatEnabled
  }
  widgetIdentitySecret
  widgetSnippet
}`) as unknown as TypedDocumentString<AdminRotateWebhookSecretMutation, AdminRotateWebhookSecretMutationVariables>;
export const AdminPluginsDocument = new TypedDocumentString(`
    query AdminPlugins {
  plugins {
    ...AdminPluginFields
  }
}
    fragment AdminPluginFields on Plugin {
  id
  name
  description
  version
  kind
  witVersion
  enabled
  disabledReason
  source
  capabilities {
    httpHosts
    kv
    secrets {
      name
      reveal
      description
    }
  }
  settings {
    key
    type
    label
    description
    default
    choices
    min
    max
    required
    value
  }
  secrets {
    name
    isSet
  }
  recentErrors(limit: 10) {
    at
    reason
    message
  }
  metrics {
    calls
    failures
    meanDurationMs
    maxDurationMs
  }
}`) as unknown as TypedDocumentString<AdminPluginsQuery, AdminPluginsQueryVariables>;
export const AdminEnablePluginDocument = new TypedDocumentString(`
    mutation AdminEnablePlugin($id: ID!) {
  enablePlugin(id: $id) {
    ...AdminPluginFields
  }
}
    fragment AdminPluginFields on Plugin {
  id
  name
  description
  version
  kind
  witVersion
  enabled
  disabledReason
  source
  capabilities {
    httpHosts
    kv
    secrets {
      name
      reveal
      description
    }
  }
  settings {
    key
    type
    label
    description
    default
    choices
    min
    max
    required
    value
  }
  secrets {
    name
    isSet
  }
  recentErrors(limit: 10) {
    at
    reason
    message
  }
  metrics {
    calls
    failures
    meanDurationMs
    maxDurationMs
  }
}`) as unknown as TypedDocumentString<AdminEnablePluginMutation, AdminEnablePluginMutationVariables>;
export const AdminDisablePluginDocument = new TypedDocumentString(`
    mutation AdminDisablePlugin($id: ID!) {
  disablePlugin(id: $id) {
    ...AdminPluginFields
  }
}
    fragment AdminPluginFields on Plugin {
  id
  name
  description
  version
  kind
  witVersion
  enabled
  disabledReason
  source
  capabilities {
    httpHosts
    kv
    secrets {
      name
      reveal
      description
    }
  }
  settings {
    key
    type
    label
    description
    default
    choices
    min
    max
    required
    value
  }
  secrets {
    name
    isSet
  }
  recentErrors(limit: 10) {
    at
    reason
    message
  }
  metrics {
    calls
    failures
    meanDurationMs
    maxDurationMs
  }
}`) as unknown as TypedDocumentString<AdminDisablePluginMutation, AdminDisablePluginMutationVariables>;
export const AdminConfigurePluginDocument = new TypedDocumentString(`
    mutation AdminConfigurePlugin($id: ID!, $input: ConfigurePluginInput!) {
  configurePlugin(id: $id, input: $input) {
    ...AdminPluginFields
  }
}
    fragment AdminPluginFields on Plugin {
  id
  name
  description
  version
  kind
  witVersion
  enabled
  disabledReason
  source
  capabilities {
    httpHosts
    kv
    secrets {
      name
      reveal
      description
    }
  }
  settings {
    key
    type
    label
    description
    default
    choices
    min
    max
    required
    value
  }
  secrets {
    name
    isSet
  }
  recentErrors(limit: 10) {
    at
    reason
    message
  }
  metrics {
    calls
    failures
    meanDurationMs
    maxDurationMs
  }
}`) as unknown as TypedDocumentString<AdminConfigurePluginMutation, AdminConfigurePluginMutationVariables>;
export const AdminUninstallPluginDocument = new TypedDocumentString(`
    mutation AdminUninstallPlugin($id: ID!) {
  uninstallPlugin(id: $id)
}
    `) as unknown as TypedDocumentString<AdminUninstallPluginMutation, AdminUninstallPluginMutationVariables>;
export const AdminCannedDocument = new TypedDocumentString(`
    query AdminCanned($search: String) {
  cannedResponses(search: $search) {
    id
    shortcut
    content
    scope
    team {
      id
      name
    }
    owner {
      id
      name
    }
  }
  teams {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<AdminCannedQuery, AdminCannedQueryVariables>;
export const AdminCreateCannedDocument = new TypedDocumentString(`
    mutation AdminCreateCanned($input: CreateCannedResponseInput!) {
  createCannedResponse(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminCreateCannedMutation, AdminCreateCannedMutationVariables>;
export const AdminUpdateCannedDocument = new TypedDocumentString(`
    mutation AdminUpdateCanned($id: ID!, $input: UpdateCannedResponseInput!) {
  updateCannedResponse(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateCannedMutation, AdminUpdateCannedMutationVariables>;
export const AdminDeleteCannedDocument = new TypedDocumentString(`
    mutation AdminDeleteCanned($id: ID!) {
  deleteCannedResponse(id: $id)
}
    `) as unknown as TypedDocumentString<AdminDeleteCannedMutation, AdminDeleteCannedMutationVariables>;
export const AdminAuditLogDocument = new TypedDocumentString(`
    query AdminAuditLog($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    nodes {
      id
      at
      actorKind
      actorLabel
      action
      targetType
      targetId
      ip
      details
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AdminAuditLogQuery, AdminAuditLogQueryVariables>;
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
  deliveryError
  deliveryFailure
  clientMessageId
  attachments {
    fileName
    url
    contentType
  }
  attributes {
    location {
      latitude
      longitude
      name
      address
    }
    reaction {
      emoji
    }
    template {
      name
      language
    }
    contacts {
      name
    }
    unsupportedType
    missingFile {
      reason
      fileName
      detail
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
  deliveryError
  deliveryFailure
  clientMessageId
  attachments {
    fileName
    url
    contentType
  }
  attributes {
    location {
      latitude
      longitude
      name
      address
    }
    reaction {
      emoji
    }
    template {
      name
      language
    }
    contacts {
      name
    }
    unsupportedType
    missingFile {
      reason
      fileName
      detail
    }
  }
}`) as unknown as TypedDocumentString<OlderMessagesQuery, OlderMessagesQueryVariables>;
export const ConversationEventsDocument = new TypedDocumentString(`
    subscription ConversationEvents($id: ID!, $after: Int) {
  conversationEvents(conversationId: $id, after: $after) {
    seq
    kind
    actorKind
    typing
    note
    team {
      name
    }
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
  deliveryError
  deliveryFailure
  clientMessageId
  attachments {
    fileName
    url
    contentType
  }
  attributes {
    location {
      latitude
      longitude
      name
      address
    }
    reaction {
      emoji
    }
    template {
      name
      language
    }
    contacts {
      name
    }
    unsupportedType
    missingFile {
      reason
      fileName
      detail
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
  deliveryError
  deliveryFailure
  clientMessageId
  attachments {
    fileName
    url
    contentType
  }
  attributes {
    location {
      latitude
      longitude
      name
      address
    }
    reaction {
      emoji
    }
    template {
      name
      language
    }
    contacts {
      name
    }
    unsupportedType
    missingFile {
      reason
      fileName
      detail
    }
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
export const AssignConversationDocument = new TypedDocumentString(`
    mutation AssignConversation($id: ID!, $agentId: ID) {
  assignConversation(conversationId: $id, agentId: $agentId) {
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
}`) as unknown as TypedDocumentString<AssignConversationMutation, AssignConversationMutationVariables>;
export const TransferConversationDocument = new TypedDocumentString(`
    mutation TransferConversation($id: ID!, $toAgentId: ID, $toTeamId: ID, $note: String) {
  transferConversation(
    conversationId: $id
    toAgentId: $toAgentId
    toTeamId: $toTeamId
    note: $note
  ) {
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
}`) as unknown as TypedDocumentString<TransferConversationMutation, TransferConversationMutationVariables>;
export const SnoozeConversationDocument = new TypedDocumentString(`
    mutation SnoozeConversation($id: ID!, $until: DateTime!) {
  setConversationStatus(
    conversationId: $id
    status: SNOOZED
    snoozedUntil: $until
  ) {
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
}`) as unknown as TypedDocumentString<SnoozeConversationMutation, SnoozeConversationMutationVariables>;
export const ReopenConversationDocument = new TypedDocumentString(`
    mutation ReopenConversation($id: ID!) {
  reopenConversation(conversationId: $id) {
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
}`) as unknown as TypedDocumentString<ReopenConversationMutation, ReopenConversationMutationVariables>;
export const SetConversationPriorityDocument = new TypedDocumentString(`
    mutation SetConversationPriority($id: ID!, $priority: ConversationPriority!) {
  setConversationPriority(conversationId: $id, priority: $priority) {
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
}`) as unknown as TypedDocumentString<SetConversationPriorityMutation, SetConversationPriorityMutationVariables>;
export const SetConversationLabelsDocument = new TypedDocumentString(`
    mutation SetConversationLabels($id: ID!, $labels: [String!]!) {
  setConversationLabels(conversationId: $id, labels: $labels) {
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
}`) as unknown as TypedDocumentString<SetConversationLabelsMutation, SetConversationLabelsMutationVariables>;
export const LabelCatalogueDocument = new TypedDocumentString(`
    query LabelCatalogue {
  labels {
    name
    color
    description
  }
}
    `) as unknown as TypedDocumentString<LabelCatalogueQuery, LabelCatalogueQueryVariables>;
export const TransferTargetsDocument = new TypedDocumentString(`
    query TransferTargets {
  teams {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<TransferTargetsQuery, TransferTargetsQueryVariables>;
export const TransferAgentsDocument = new TypedDocumentString(`
    query TransferAgents {
  users(filter: { status: ACTIVE }, first: 100) {
    nodes {
      id
      name
      role
    }
  }
}
    `) as unknown as TypedDocumentString<TransferAgentsQuery, TransferAgentsQueryVariables>;
export const ContactPanelDocument = new TypedDocumentString(`
    query ContactPanel($contactId: ID!) {
  contact(id: $contactId) {
    id
    name
    phone
    email
    document
    documentFormatted
    customAttributes
  }
  conversations(filter: { contactId: $contactId }, first: 10) {
    nodes {
      id
      protocol
      status
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<ContactPanelQuery, ContactPanelQueryVariables>;
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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
  waitingSince
  sla {
    state
    next {
      target
      dueAt
      atRiskAt
    }
  }
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