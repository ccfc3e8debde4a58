// Fake channel: the smallest channel-world plugin, for the host's tests. `describe` is constant
// per configuration (the `plain` setting turns off files, prompts and templates), `handleWebhook`
// verifies an HMAC signature through the host (the secret never enters the plugin), `send`
// records what it got in the plugin's kv under `sent:<messageId>` and succeeds except for
// recipients that fail on cue. With the `signals` setting it opts in to the host's read/typing
// signals (docs/plugins.md) and records each one it gets in kv under `signal:<message id>`.
import type { ChannelInfo, OutboundMessage, SendReceipt } from '@ispchat/plugin-sdk';
import { defineChannel, kv, sendFailed, settings, utf8Encode } from '@ispchat/plugin-sdk';
import { handle } from './webhook';

const INFO: ChannelInfo = {
  kind: 'fake',
  maxTextLength: 4096,
  supportsAttachments: true,
  supportsLocations: true,
  supportsChoices: true,
  supportsTemplates: true,
  supportsReadReceipts: true,
  replyWindowMs: 24 * 60 * 60 * 1000,
  ext: '',
};

/** A channel with text only (`plain = true`): no files, prompts or templates. */
export const PLAIN_INFO: ChannelInfo = {
  ...INFO,
  supportsAttachments: false,
  supportsLocations: false,
  supportsChoices: false,
  supportsTemplates: false,
};

/** The message as `send` got it, as JSON (64-bit numbers as plain numbers). */
export function recorded(message: OutboundMessage): string {
  return JSON.stringify(message, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
}

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
  const base = settings.boolean('plain', false) ? PLAIN_INFO : INFO;
  const signals = settings.list('signals');
  return { ...base, ext: signals.length === 0 ? '' : JSON.stringify({ signals }) };
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
  kv.set(`sent:${message.messageId}`, utf8Encode(recorded(message)));
  return { externalId: `fake-${message.messageId}`, ext: '' };
}

export const { describe, handleWebhook, send } = defineChannel({ describe: info, handleWebhook: handle, send: deliver });
