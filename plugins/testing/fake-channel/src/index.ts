// Fake channel: the smallest channel-world plugin, for the host's tests. `describe` is constant
// per configuration (the `plain` setting turns off files, prompts and templates), `handleWebhook`
// verifies an HMAC signature through the host (the secret never enters the plugin), `send`
// records what it got in the plugin's kv under `sent:<messageId>` and succeeds except for
// recipients that fail on cue.
import type { ChannelInfo, OutboundMessage, SendReceipt } from '@ispchat/plugin-sdk';
import { defineChannel, kv, sendFailed, settings, utf8Encode } from '@ispchat/plugin-sdk';
import { handle } from './webhook';

export const INFO: ChannelInfo = {
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

export function info(): ChannelInfo {
  return settings.boolean('plain', false) ? PLAIN_INFO : INFO;
}

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

export function deliver(message: OutboundMessage): SendReceipt {
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
