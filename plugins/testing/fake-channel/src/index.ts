// Fake channel: the smallest channel-world plugin, for the host's tests. `describe` is constant,
// `handleWebhook` verifies an HMAC signature through the host (the secret never enters the
// plugin), `send` succeeds except for recipients that fail on cue. With the `signals` setting it
// opts in to the host's read/typing signals (docs/plugins.md) and records each one it gets in kv
// under `signal:<message id>`, where the host's tests read them.
import type { ChannelInfo, OutboundMessage, SendReceipt } from '@ispchat/plugin-sdk';
import { defineChannel, kv, sendFailed, settings } from '@ispchat/plugin-sdk';
import { handle } from './webhook';

const INFO: ChannelInfo = {
  kind: 'fake',
  maxTextLength: 4096,
  supportsAttachments: false,
  supportsLocations: false,
  supportsChoices: false,
  supportsTemplates: false,
  supportsReadReceipts: true,
  replyWindowMs: 24 * 60 * 60 * 1000,
  ext: '',
};

/** How long a `busy` recipient asks the outbox to wait. */
export const BUSY_RETRY_AFTER_MS = 30_000;

/** Spins until the host stops the call at its deadline: a plugin failure, not a send error. */
export function hang(): never {
  for (;;) {
    // The host's epoch deadline ends this.
  }
}

/** What `describe` answers: constant for a given configuration. */
export function info(): ChannelInfo {
  const signals = settings.list('signals');
  return { ...INFO, ext: signals.length === 0 ? '' : JSON.stringify({ signals }) };
}

/** The `signal` of a contentless message whose ext names one, e.g. `{"signal":"typing",…}`. */
export function signalOf(message: OutboundMessage): Record<string, unknown> | undefined {
  if (message.contents.length > 0 || message.ext.trim() === '') return undefined;
  try {
    const ext: unknown = JSON.parse(message.ext);
    if (typeof ext === 'object' && ext !== null && typeof (ext as { signal?: unknown }).signal === 'string') {
      return ext as Record<string, unknown>;
    }
  } catch {
    // Not JSON: not a signal.
  }
  return undefined;
}

export function deliver(message: OutboundMessage): SendReceipt {
  const signal = signalOf(message);
  if (signal !== undefined) {
    kv.setJson(`signal:${message.messageId}`, { ...signal, recipient: message.recipient });
    return { externalId: `signal-${message.messageId}`, ext: '' };
  }
  if (message.recipient === 'hang') hang();
  if (message.recipient === 'outside') {
    sendFailed('outside-window', 'the reply window is closed; only a template can be sent', { retryable: false });
  }
  if (message.recipient === 'busy') {
    sendFailed('rate-limited', 'too many messages to this recipient', { retryable: true, retryAfterMs: BUSY_RETRY_AFTER_MS });
  }
  return { externalId: `fake-${message.messageId}`, ext: '' };
}

export const { describe, handleWebhook, send } = defineChannel({ describe: info, handleWebhook: handle, send: deliver });
