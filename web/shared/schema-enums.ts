// Generated from ../schema.graphql by `npm run codegen`: do not edit.
export const ActorKind = {
  ApiKey: 'API_KEY',
  Contact: 'CONTACT',
  System: 'SYSTEM',
  User: 'USER'
} as const;

export type ActorKind = typeof ActorKind[keyof typeof ActorKind];
export const CannedResponseScope = {
  Global: 'GLOBAL',
  Personal: 'PERSONAL',
  Team: 'TEAM'
} as const;

export type CannedResponseScope = typeof CannedResponseScope[keyof typeof CannedResponseScope];
export const ChannelDeliveryState = {
  /** Could not be applied; `outcome` says why. `retryChannelDelivery` tries again. */
  Failed: 'FAILED',
  /**
   * Waiting to be applied (new, or retried after a storage error or a report that came
   * before its message).
   */
  Pending: 'PENDING',
  /** Applied; `outcome` says what each event did. */
  Processed: 'PROCESSED'
} as const;

export type ChannelDeliveryState = typeof ChannelDeliveryState[keyof typeof ChannelDeliveryState];
export const ConversationEventKind = {
  Assigned: 'ASSIGNED',
  Created: 'CREATED',
  DeliveryUpdated: 'DELIVERY_UPDATED',
  LabelsChanged: 'LABELS_CHANGED',
  MessageCreated: 'MESSAGE_CREATED',
  PriorityChanged: 'PRIORITY_CHANGED',
  Read: 'READ',
  StatusChanged: 'STATUS_CHANGED',
  Transferred: 'TRANSFERRED',
  /** Someone is typing; not stored, so it carries the last stored `seq` instead of a new one. */
  Typing: 'TYPING'
} as const;

export type ConversationEventKind = typeof ConversationEventKind[keyof typeof ConversationEventKind];
export const ConversationPriority = {
  High: 'HIGH',
  Low: 'LOW',
  Normal: 'NORMAL',
  Urgent: 'URGENT'
} as const;

export type ConversationPriority = typeof ConversationPriority[keyof typeof ConversationPriority];
export const ConversationStatus = {
  /** A bot is handling it; no agent is needed yet. */
  Bot: 'BOT',
  /** An agent is working on it. */
  Open: 'OPEN',
  /** The agent waits for the customer's answer. */
  Pending: 'PENDING',
  /** Waiting in its team's queue for an agent. */
  Queued: 'QUEUED',
  Resolved: 'RESOLVED',
  /** Put aside until a time or until the customer writes. */
  Snoozed: 'SNOOZED'
} as const;

export type ConversationStatus = typeof ConversationStatus[keyof typeof ConversationStatus];
/** Whether the pre-chat form asks for the CPF. */
export const CpfField = {
  Hidden: 'HIDDEN',
  Optional: 'OPTIONAL',
  Required: 'REQUIRED'
} as const;

export type CpfField = typeof CpfField[keyof typeof CpfField];
/**
 * Why a reply did not reach the customer, for clients to explain in the reader's language;
 * `deliveryError` keeps the provider's or the host's own words for the operator.
 */
export const DeliveryFailure = {
  /** The channel does not carry files. */
  FilesUnsupported: 'FILES_UNSUPPORTED',
  /** The channel kept failing or limiting, and the server gave up trying. */
  GaveUp: 'GAVE_UP',
  /** The channel refused the content: too long, an unsupported file, an unknown template. */
  InvalidContent: 'INVALID_CONTENT',
  /** The recipient is not on the channel, blocked the business or opted out. */
  InvalidRecipient: 'INVALID_RECIPIENT',
  /** The contact has no address in this inbox's channel. */
  NoAddress: 'NO_ADDRESS',
  /** Files go out through channels only once the server's public address is set. */
  NoPublicUrl: 'NO_PUBLIC_URL',
  /** Anything else; `deliveryError` says what. */
  Other: 'OTHER',
  /** The channel's reply window had closed: only a template could go. */
  OutsideReplyWindow: 'OUTSIDE_REPLY_WINDOW',
  /** The channel, or the integration behind an API inbox, reported the message as failed. */
  Reported: 'REPORTED',
  /** The channel refused the inbox's credentials: an admin must fix its configuration. */
  Unauthorized: 'UNAUTHORIZED'
} as const;

export type DeliveryFailure = typeof DeliveryFailure[keyof typeof DeliveryFailure];
export const DeliveryState = {
  Delivered: 'DELIVERED',
  Failed: 'FAILED',
  Pending: 'PENDING',
  Read: 'READ',
  Sent: 'SENT'
} as const;

export type DeliveryState = typeof DeliveryState[keyof typeof DeliveryState];
/** Why a request was refused. Each reason belongs to one generic `code`. */
export const ErrorReason = {
  /** The conversation was already rated. */
  AlreadyRated: 'ALREADY_RATED',
  /** The web chat cannot take messages right now; nothing was stored. Try again shortly. */
  ChatUnavailable: 'CHAT_UNAVAILABLE',
  /** A contact with conversations cannot be deleted: merge it into another. */
  ContactHasConversations: 'CONTACT_HAS_CONVERSATIONS',
  /** The conversation is resolved: reopen it to reply. */
  ConversationResolved: 'CONVERSATION_RESOLVED',
  /** Only a failed delivery can be retried. */
  DeliveryNotRetryable: 'DELIVERY_NOT_RETRYABLE',
  /** The CPF's or CNPJ's check digits do not match: a digit was mistyped. */
  DocumentCheckDigits: 'DOCUMENT_CHECK_DIGITS',
  /** A CPF has 11 digits and a CNPJ 14: this document has another number of digits. */
  DocumentLength: 'DOCUMENT_LENGTH',
  /** The CPF or CNPJ is one digit repeated, which no real document is. */
  DocumentRepeatedDigits: 'DOCUMENT_REPEATED_DIGITS',
  /** The conversation's channel does not carry files. */
  FilesUnsupported: 'FILES_UNSUPPORTED',
  /** The file is larger than `extensions.bound` bytes. */
  FileTooLarge: 'FILE_TOO_LARGE',
  /** The file's content is not of the type it was sent as. */
  FileTypeMismatch: 'FILE_TYPE_MISMATCH',
  /** Files of this type are not accepted. */
  FileTypeNotAccepted: 'FILE_TYPE_NOT_ACCEPTED',
  /** Not an e-mail address. */
  InvalidEmail: 'INVALID_EMAIL',
  /** Not a phone number that can be reached (Brazilian numbers with area code, or +country). */
  InvalidPhone: 'INVALID_PHONE',
  /** Only a resolved conversation can be reopened. */
  NotResolved: 'NOT_RESOLVED',
  /** The caller is not a member of the team asked about. */
  NotTeamMember: 'NOT_TEAM_MEMBER',
  /**
   * The channel's reply window (WhatsApp: 24 hours since the customer's last message) has
   * closed: only an approved template can be sent until the customer writes again.
   */
  OutsideReplyWindow: 'OUTSIDE_REPLY_WINDOW',
  /** The password is longer than `extensions.bound` characters. */
  PasswordTooLong: 'PASSWORD_TOO_LONG',
  /** The password is shorter than `extensions.bound` characters. */
  PasswordTooShort: 'PASSWORD_TOO_SHORT',
  /** A snooze must end in the future. */
  SnoozeInPast: 'SNOOZE_IN_PAST',
  /** A snooze may last at most `extensions.bound` days. */
  SnoozeTooLong: 'SNOOZE_TOO_LONG',
  /** The conversation already has the status asked for. */
  StatusUnchanged: 'STATUS_UNCHANGED',
  /** The inbox's channel does not send templates. */
  TemplatesUnsupported: 'TEMPLATES_UNSUPPORTED',
  /** The text is longer than `extensions.bound` characters. */
  TooLong: 'TOO_LONG',
  /** No label has this name; admins and supervisors create labels. */
  UnknownLabel: 'UNKNOWN_LABEL',
  /** The current password given is not the user's. */
  WrongCurrentPassword: 'WRONG_CURRENT_PASSWORD'
} as const;

export type ErrorReason = typeof ErrorReason[keyof typeof ErrorReason];
export const InboxKind = {
  /** Integrators post customers' messages through GraphQL with an API key. */
  Api: 'API',
  Web: 'WEB',
  Whatsapp: 'WHATSAPP'
} as const;

export type InboxKind = typeof InboxKind[keyof typeof InboxKind];
/** Language of the console (and of bots' texts) for this user. */
export const Language = {
  En: 'EN',
  PtBr: 'PT_BR'
} as const;

export type Language = typeof Language[keyof typeof Language];
export const MessageDirection = {
  Incoming: 'INCOMING',
  Outgoing: 'OUTGOING'
} as const;

export type MessageDirection = typeof MessageDirection[keyof typeof MessageDirection];
export const MessageKind = {
  Attachment: 'ATTACHMENT',
  /** A line the system writes into the history (e.g. "transferred to Financeiro"). */
  Event: 'EVENT',
  /** A private note between agents: never sent to the customer nor shown to integrators. */
  Note: 'NOTE',
  Text: 'TEXT'
} as const;

export type MessageKind = typeof MessageKind[keyof typeof MessageKind];
export const MissingFileReason = {
  /** A web chat upload was lost before it was stored. */
  Lost: 'LOST',
  /** The upload rules refused it (its type or size). */
  Refused: 'REFUSED',
  /** The channel's server did not hand it over, after every retry. */
  Unavailable: 'UNAVAILABLE'
} as const;

export type MissingFileReason = typeof MissingFileReason[keyof typeof MissingFileReason];
/** Why a plugin is disabled. */
export const PluginDisabledReason = {
  /** The runtime stopped it after repeated crashes or timeouts. */
  Failures: 'FAILURES',
  /** It could not be loaded at start-up (retried at the next start). */
  Load: 'LOAD',
  /** An admin disabled it. */
  Operator: 'OPERATOR'
} as const;

export type PluginDisabledReason = typeof PluginDisabledReason[keyof typeof PluginDisabledReason];
/** How a plugin is doing. */
export const PluginHealth = {
  /** Its latest calls failed. */
  Failing: 'FAILING',
  Healthy: 'HEALTHY',
  /** Recent calls take more than half their deadline, or callers wait for a slot. */
  Slow: 'SLOW',
  /** Not running: disabled, by an admin or after repeated failures. */
  Stopped: 'STOPPED'
} as const;

export type PluginHealth = typeof PluginHealth[keyof typeof PluginHealth];
export const PluginKind = {
  Bot: 'BOT',
  Channel: 'CHANNEL',
  Classifier: 'CLASSIFIER',
  Router: 'ROUTER'
} as const;

export type PluginKind = typeof PluginKind[keyof typeof PluginKind];
export const PluginSource = {
  /** Shipped with the server in the plugins folder; cannot be uninstalled. */
  Bundled: 'BUNDLED',
  /** Uploaded by an admin. */
  Uploaded: 'UPLOADED'
} as const;

export type PluginSource = typeof PluginSource[keyof typeof PluginSource];
export const Presence = {
  Away: 'AWAY',
  Offline: 'OFFLINE',
  Online: 'ONLINE'
} as const;

export type Presence = typeof Presence[keyof typeof Presence];
export const Role = {
  Admin: 'ADMIN',
  Agent: 'AGENT',
  Supervisor: 'SUPERVISOR'
} as const;

export type Role = typeof Role[keyof typeof Role];
export const SenderKind = {
  Agent: 'AGENT',
  Bot: 'BOT',
  Contact: 'CONTACT',
  System: 'SYSTEM'
} as const;

export type SenderKind = typeof SenderKind[keyof typeof SenderKind];
export const Sentiment = {
  Negative: 'NEGATIVE',
  Neutral: 'NEUTRAL',
  Positive: 'POSITIVE',
  VeryNegative: 'VERY_NEGATIVE',
  VeryPositive: 'VERY_POSITIVE'
} as const;

export type Sentiment = typeof Sentiment[keyof typeof Sentiment];
export const SlaState = {
  /** A running target is in the last quarter of its time. */
  AtRisk: 'AT_RISK',
  /** A target was missed (still running, or met late). */
  Breached: 'BREACHED',
  /** No running target is close to its due time. */
  OnTrack: 'ON_TRACK'
} as const;

export type SlaState = typeof SlaState[keyof typeof SlaState];
export const SlaTarget = {
  FirstResponse: 'FIRST_RESPONSE',
  NextResponse: 'NEXT_RESPONSE',
  Resolution: 'RESOLUTION'
} as const;

export type SlaTarget = typeof SlaTarget[keyof typeof SlaTarget];
export const UserStatus = {
  Active: 'ACTIVE',
  /** Cannot log in; kept so that history still names them. */
  Inactive: 'INACTIVE'
} as const;

export type UserStatus = typeof UserStatus[keyof typeof UserStatus];
export const VisitorEventKind = {
  /** A conversation started. */
  Created: 'CREATED',
  /** A reply's delivery state changed (`message.deliveryState`). */
  Delivery: 'DELIVERY',
  /** A message (the visitor's own too, e.g. from another tab). */
  Message: 'MESSAGE',
  /** The agents read the visitor's messages. */
  Read: 'READ',
  /** The conversation's status changed; `RESOLVED` is when the widget offers the rating. */
  Status: 'STATUS',
  /** An agent, bot or the visitor's other tab is typing (`typing`). */
  Typing: 'TYPING'
} as const;

export type VisitorEventKind = typeof VisitorEventKind[keyof typeof VisitorEventKind];
export const WidgetPosition = {
  Left: 'LEFT',
  Right: 'RIGHT'
} as const;

export type WidgetPosition = typeof WidgetPosition[keyof typeof WidgetPosition];