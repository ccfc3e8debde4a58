// WhatsApp Business Cloud API channel: Meta's signed webhooks in, Graph API `/messages` out.
// See ../README.md for settings, secrets, what is supported and how errors are mapped.
import type { ChannelInfo } from '@ispchat/plugin-sdk';
import { defineChannel } from '@ispchat/plugin-sdk';
import { MAX_TEXT } from './outbound';
import { SIGNALS, deliver } from './send';
import { handle } from './webhook';

export const INFO: ChannelInfo = {
  kind: 'whatsapp',
  maxTextLength: MAX_TEXT,
  supportsAttachments: true,
  supportsLocations: true,
  supportsChoices: true,
  supportsTemplates: true,
  supportsReadReceipts: true,
  // The customer-service window: free-form replies only within 24 h of the customer's last message.
  replyWindowMs: 24 * 60 * 60 * 1000,
  ext: JSON.stringify({ signals: SIGNALS }),
};

export const { describe, handleWebhook, send } = defineChannel({ describe: () => INFO, handleWebhook: handle, send: deliver });
