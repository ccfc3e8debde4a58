import type {
  ChannelInfo,
  OutboundMessage,
  SendError,
  SendErrorKind,
  SendReceipt,
  WebhookRequest,
  WebhookResult,
} from 'ispchat:types/channel@1.0.0';
import type { PluginError } from 'ispchat:types/common@1.0.0';
import { ComponentError, guard, isPluginError } from './errors';
import { utf8Decode, utf8Encode, asBytes } from './bytes';

export interface ChannelHandlers {
  describe: () => ChannelInfo;
  handleWebhook: (request: WebhookRequest) => WebhookResult;
  send: (message: OutboundMessage) => SendReceipt;
}

function isSendError(value: unknown): value is SendError {
  return typeof value === 'object' && value !== null && 'kind' in value && 'retryable' in value;
}

/**
 * Declare the channel world's three exports:
 * `export const { describe, handleWebhook, send } = defineChannel({...})`.
 */
export function defineChannel(handlers: ChannelHandlers): ChannelHandlers {
  return {
    describe: handlers.describe,
    handleWebhook: guard(handlers.handleWebhook, isPluginError, (message): PluginError => ({
      code: 'uncaught-exception',
      message,
      retryable: false,
    })),
    send: guard(handlers.send, isSendError, (message): SendError => ({ kind: 'other', message, retryable: false, retryAfterMs: undefined })),
  };
}

/** Throw from `send` to return a typed `send-error`. */
export function sendFailed(kind: SendErrorKind, message: string, options: { retryable?: boolean; retryAfterMs?: number } = {}): never {
  const retryable = options.retryable ?? (kind === 'rate-limited' || kind === 'unavailable');
  throw new ComponentError<SendError>({ kind, message, retryable, retryAfterMs: options.retryAfterMs });
}

export function webhookBodyText(request: WebhookRequest): string {
  return utf8Decode(asBytes(request.body));
}

export function webhookHeader(request: WebhookRequest, name: string): string | undefined {
  return request.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

export function webhookReply(status: number, body: string | object = '', contentType?: string): WebhookResult['response'] {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = contentType ?? (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json');
  return { status, headers: text === '' ? [] : [['content-type', type]], body: utf8Encode(text) };
}
