// The website chat widget as a channel. The host is the transport both ways: it posts what
// visitors send (`POST /visitor/messages`, `/visitor/read`) and pushes replies to the widget over
// the visitor's subscription. See ../README.md for the host's request bodies and the settings.
import type { ChannelInfo } from '@ispchat/plugin-sdk';
import { defineChannel } from '@ispchat/plugin-sdk';
import { config } from './config';
import { deliver } from './send';
import { handle } from './webhook';

export function info(): ChannelInfo {
  return {
    kind: 'web-chat',
    maxTextLength: config().maxTextLength,
    supportsAttachments: true,
    supportsLocations: false,
    supportsChoices: true,
    supportsTemplates: false,
    supportsReadReceipts: true,
    // The visitor's widget takes replies at any time.
    replyWindowMs: undefined,
    ext: '{}',
  };
}

export const { describe, handleWebhook, send } = defineChannel({ describe: info, handleWebhook: handle, send: deliver });
