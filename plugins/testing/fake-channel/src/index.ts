// Fake channel: the smallest channel-world plugin, for the host's tests. `describe` is constant,
// `handleWebhook` verifies an HMAC signature through the host (the secret never enters the
// plugin), `send` succeeds except for recipients that fail on cue.
import type { ChannelInfo, OutboundMessage, SendReceipt } from '@ispchat/plugin-sdk';
import { defineChannel, sendFailed } from '@ispchat/plugin-sdk';
import { handle } from './webhook';

export const INFO: ChannelInfo = {
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

export function deliver(message: OutboundMessage): SendReceipt {
  if (message.recipient === 'hang') hang();
  if (message.recipient === 'outside') {
    sendFailed('outside-window', 'the reply window is closed; only a template can be sent', { retryable: false });
  }
  if (message.recipient === 'busy') {
    sendFailed('rate-limited', 'too many messages to this recipient', { retryable: true, retryAfterMs: BUSY_RETRY_AFTER_MS });
  }
  return { externalId: `fake-${message.messageId}`, ext: '' };
}

export const { describe, handleWebhook, send } = defineChannel({ describe: () => INFO, handleWebhook: handle, send: deliver });
