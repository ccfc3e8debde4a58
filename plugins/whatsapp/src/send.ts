// `send`: one Cloud API request per host message, or a read receipt / typing indicator when the
// host asks for a signal (`ext` = `{"signal":"mark-read"|"typing","externalId":"wamid…"}`).
import type { OutboundMessage, SendError, SendReceipt } from '@ispchat/plugin-sdk';
import { ComponentError, describeError, http, kv, log, now, sendFailed } from '@ispchat/plugin-sdk';
import type { HttpReply } from '@ispchat/plugin-sdk';
import { ACCESS_TOKEN, config } from './config';
import { classifyHttpFailure, classifyResponse } from './errors';
import type { Body } from './outbound';
import { ContentError, buildMessage, signalBody } from './outbound';

export const SIGNALS = ['mark-read', 'typing'] as const;
type Signal = (typeof SIGNALS)[number];

/** How long the wamid of a sent message is remembered against a repeated send. */
const SENT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const sentKey = (messageId: string): string => `sent:${messageId}`;

// The memory is a safeguard: when kv fails, sending goes on without it.
function remembered(messageId: string): string | undefined {
  try {
    return kv.getJson<string>(sentKey(messageId))?.value;
  } catch (error) {
    log.warn('kv unavailable: a repeated send cannot be detected', { error: describeError(error) });
    return undefined;
  }
}

function remember(messageId: string, wamid: string): void {
  try {
    kv.setJson(sentKey(messageId), wamid, { ttlMs: SENT_TTL_MS });
  } catch (error) {
    log.warn('kv unavailable: the wamid is not remembered', { error: describeError(error) });
  }
}

function failWith(error: SendError): never {
  throw new ComponentError<SendError>(error);
}

/** The signal the host asks for, when `ext` names one. */
export function signalOf(ext: string): { signal: Signal; externalId: string | undefined } | undefined {
  if (ext.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(ext);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { signal, externalId } = parsed as { signal?: unknown; externalId?: unknown };
  if (typeof signal !== 'string') return undefined;
  if (!(SIGNALS as readonly string[]).includes(signal)) sendFailed('invalid-content', `unknown signal ${signal}`, { retryable: false });
  return { signal: signal as Signal, externalId: typeof externalId === 'string' && externalId !== '' ? externalId : undefined };
}

function post(body: Body): HttpReply {
  const { phoneNumberId, graphUrl } = config();
  if (phoneNumberId === '') sendFailed('unauthorized', 'the phone-number-id setting is not set', { retryable: false });
  const result = http.tryRequest(`${graphUrl}/${encodeURIComponent(phoneNumberId)}/messages`, {
    method: 'post',
    body,
    auth: { tag: 'bearer', val: ACCESS_TOKEN },
  });
  if (!result.ok) failWith(classifyHttpFailure(result.error));
  const reply = result.response;
  if (reply.status >= 200 && reply.status < 300) return reply;
  let parsed: unknown;
  try {
    parsed = reply.json();
  } catch {
    parsed = undefined;
  }
  const error = classifyResponse(reply.status, parsed, { retryAfter: reply.header('retry-after'), now: now() });
  log.warn('WhatsApp send failed', { status: reply.status, kind: error.kind, reason: error.message });
  return failWith(error);
}

function sendSignal(signal: Signal, externalId: string | undefined): SendReceipt {
  if (externalId === undefined) sendFailed('invalid-content', `the ${signal} signal needs the customer message's externalId`, { retryable: false });
  post(signalBody(signal, externalId));
  return { externalId: `signal:${externalId}`, ext: '' };
}

export function deliver(message: OutboundMessage): SendReceipt {
  const hasContent = message.contents.some((c) => c.tag !== 'other');
  const signal = hasContent ? undefined : signalOf(message.ext);
  if (signal !== undefined) return sendSignal(signal.signal, signal.externalId);

  // The Cloud API has no idempotency key: a send repeated after a crash (the host retries the
  // same message id) answers with the wamid already obtained instead of messaging twice.
  const known = remembered(message.messageId);
  if (known !== undefined) return { externalId: known, ext: '' };

  let body: Body;
  try {
    body = buildMessage(message.contents, {
      recipient: message.recipient,
      replyTo: message.replyToExternalId,
      listButtonLabel: config().listButtonLabel,
    });
  } catch (error) {
    if (error instanceof ContentError) sendFailed('invalid-content', error.message, { retryable: false });
    throw error;
  }
  const reply = post(body);
  let wamid: string | undefined;
  try {
    const parsed = reply.json<{ messages?: { id?: unknown }[] }>();
    const id = parsed.messages?.[0]?.id;
    wamid = typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    wamid = undefined;
  }
  if (wamid === undefined) {
    // Accepted but unidentified: retrying could deliver it twice, and no status would match.
    sendFailed('other', `WhatsApp accepted the message without a message id (HTTP ${reply.status})`, { retryable: false });
  }
  remember(message.messageId, wamid);
  return { externalId: wamid, ext: '' };
}
