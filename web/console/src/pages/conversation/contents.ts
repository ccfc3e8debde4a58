/**
 * What a message shows besides its text, from its structured parts (`attributes`) and typed
 * failure: the host stores data, never sentences, so the console says what a location, a
 * reaction, a template or an unsupported message is in the reader's language.
 */
import type { MessageKey } from '../../i18n';
import type { Message } from './thread';

export interface Shown {
  /** The sentence that says what the message is, with its parameters. */
  key: MessageKey;
  params?: Record<string, string>;
  /** A link to open (a location on a map). */
  href?: string;
  /** The server's English account, shown on hover for administrators who read logs. */
  hint?: string;
}

/** The parts to show above the message's own text, in order. */
export function describeContents(message: Pick<Message, 'attributes'>): Shown[] {
  const a = message.attributes;
  if (a === null) return [];
  const shown: Shown[] = [];
  if (a.location !== null) {
    const { latitude, longitude } = a.location;
    shown.push({
      key: 'conversation.content.location',
      params: { coordinates: `${latitude.toFixed(5)}, ${longitude.toFixed(5)}` },
      href: `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`,
    });
  }
  if (a.reaction !== null) {
    shown.push(a.reaction.emoji === ''
      ? { key: 'conversation.content.reactionRemoved' }
      : { key: 'conversation.content.reaction', params: { emoji: a.reaction.emoji } });
  }
  if (a.template !== null) {
    shown.push({ key: 'conversation.content.template', params: { name: a.template.name, language: a.template.language } });
  }
  if (a.contacts.length > 0) shown.push({ key: 'conversation.content.contacts', params: { count: String(a.contacts.length) } });
  if (a.missingFile !== null) {
    const { reason, fileName, detail } = a.missingFile;
    shown.push({
      key: `conversation.content.missingFile.${reason}`,
      params: { name: fileName === null ? '' : ` (${fileName})` },
      hint: detail,
    });
  }
  if (a.unsupportedType === 'empty') shown.push({ key: 'conversation.content.empty' });
  else if (a.unsupportedType !== null) shown.push({ key: 'conversation.content.unsupported', params: { type: a.unsupportedType } });
  return shown;
}

/** Why a failed reply failed, as the reader's sentence; null when the host did not say. */
export function failureKey(message: Pick<Message, 'deliveryFailure'>): MessageKey | null {
  return message.deliveryFailure === null ? null : `conversation.failure.${message.deliveryFailure}`;
}
