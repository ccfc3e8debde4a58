// The contract's data types under short names, so plugins import them from the SDK instead of
// from the versioned WIT module names. They come from the generated typings in ../types/.

export type { Json, Priority, PluginError, TimestampMs, Fields } from 'ispchat:types/common@1.0.0';
export type {
  Direction,
  SenderKind,
  MessageKind,
  DeliveryState,
  Attachment,
  Location,
  Choice,
  Choices,
  Template,
  Content,
  Message,
} from 'ispchat:types/messages@1.0.0';
export type { Status, Contact, Conversation } from 'ispchat:types/conversations@1.0.0';
export type {
  ChannelInfo,
  WebhookRequest,
  WebhookResponse,
  Sender,
  InboundMessage,
  DeliveryReport,
  InboundEvent,
  WebhookResult,
  OutboundMessage,
  SendReceipt,
  SendErrorKind,
  SendError,
} from 'ispchat:types/channel@1.0.0';
export type { Turn, Handoff, ReplyAndHandoff, Closing, Action, BotResponse } from 'ispchat:types/bot@1.0.0';
export type { LabelScore, Sentiment, Classification } from 'ispchat:types/classifier@1.0.0';
export type {
  Presence,
  Candidate,
  QueueInfo,
  RoutingRequest,
  Enqueue,
  RoutingDecision,
} from 'ispchat:types/router@1.0.0';
export type { Level as LogLevel } from 'ispchat:host/log@1.0.0';
export type { SecretError } from 'ispchat:host/secrets@1.0.0';
export type { HashAlgorithm } from 'ispchat:host/crypto@1.0.0';
export type { Entry as KvEntry, CasOutcome, KvError } from 'ispchat:host/kv@1.0.0';
export type {
  Method as HttpMethod,
  Auth as HttpAuth,
  BasicAuth,
  Request as HttpRequest,
  Response as HttpResponse,
  HttpError,
} from 'ispchat:host/http@1.0.0';
