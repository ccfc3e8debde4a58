// `send`: the widget is the provider. The host pushes each reply to the visitor's widget over
// its subscription; `send` decides whether the widget can show the reply and answers the id that
// the visitor's read receipts later name.
import type { Content, OutboundMessage, SendReceipt } from '@ispchat/plugin-sdk';
import { sendFailed } from '@ispchat/plugin-sdk';
import { config } from './config';

const length = (value: string): number => Array.from(value).length;

/** Why the widget cannot show `contents`, or undefined when it can. */
export function refusalOf(contents: readonly Content[], maxTextLength: number): string | undefined {
  const shown = contents.filter((c) => c.tag !== 'other');
  if (shown.length === 0) return 'the message has nothing the web chat can show';
  for (const content of shown) {
    switch (content.tag) {
      case 'text':
        if (content.val.trim() === '') return 'the message is empty';
        if (length(content.val) > maxTextLength) return `the text has ${length(content.val)} characters; the web chat shows at most ${maxTextLength}`;
        break;
      case 'attachment':
        if (content.val.caption != null && length(content.val.caption) > maxTextLength) {
          return `the caption has ${length(content.val.caption)} characters; the web chat shows at most ${maxTextLength}`;
        }
        break;
      case 'choices':
        if (content.val.options.length === 0) return 'a prompt without options cannot be shown as buttons';
        if (length(content.val.prompt) > maxTextLength) return `the prompt has ${length(content.val.prompt)} characters; the web chat shows at most ${maxTextLength}`;
        break;
      case 'location':
        return 'the web chat cannot show a location; send an address or a map link as text';
      case 'template':
        return 'the web chat has no templates; write the text itself';
      case 'choice-selected':
        return 'a choice answer is the visitor’s to send, not the agent’s';
    }
  }
  return undefined;
}

/** The external id of a host message: read receipts name it. */
export const externalIdOfReply = (messageId: string): string => `webchat:${messageId}`;

export function deliver(message: OutboundMessage): SendReceipt {
  const reason = refusalOf(message.contents, config().maxTextLength);
  if (reason !== undefined) sendFailed('invalid-content', reason, { retryable: false });
  // Derived from the host's id: a send repeated after a crash answers the same id.
  return { externalId: externalIdOfReply(message.messageId), ext: '' };
}
