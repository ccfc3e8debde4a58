// The message list: the visitor's messages on one side with their delivery state, the agents'
// and bots' on the other, files inline (images) or as links, and a prompt's choices as buttons.

import type { Entry } from '../conversation';
import type { Messages } from '../i18n';
import type { Attachment, DeliveryState, ServerMessage } from '../types';
import { h } from './dom';

export interface MessageHandlers {
  retry(clientMessageId: string): void;
  choose(choice: { id: string; title: string }): void;
}

export function renderEntries(entries: readonly Entry[], t: Messages, handlers: MessageHandlers, locale: string): HTMLElement[] {
  const lastIndex = entries.length - 1;
  return entries.map((entry, index) =>
    entry.kind === 'server' ? serverMessage(entry.message, t, handlers, locale, index === lastIndex) : localMessage(entry.message.clientMessageId, entry.message.content, entry.message.state, t, handlers),
  );
}

function serverMessage(message: ServerMessage, t: Messages, handlers: MessageHandlers, locale: string, last: boolean): HTMLElement {
  const mine = message.direction === 'INCOMING';
  const who = mine ? t.you : (message.senderName ?? t.agent);
  const missing = message.fileMissing ? h('div', { class: 'missing' }, t.fileNotReceived) : null;
  const bubble = h('div', { class: 'bubble' }, missing, message.content === '' ? null : message.content, ...message.attachments.map(attachment));
  const time = formatTime(message.createdAt, locale);
  const meta = h('div', { class: 'meta' }, mine ? `${time} · ${stateLabel(message.deliveryState, t)}` : `${who} · ${time}`);
  const choices =
    !mine && last && message.choices.length > 0
      ? h('div', { class: 'choices' }, ...message.choices.map((choice) => h('button', { type: 'button', onclick: () => handlers.choose(choice) }, choice.title)))
      : null;
  return h('div', { class: mine ? 'msg mine' : 'msg', 'data-message-id': message.id, 'aria-label': who }, bubble, choices, meta);
}

function localMessage(clientMessageId: string, content: string, state: 'sending' | 'failed', t: Messages, handlers: MessageHandlers): HTMLElement {
  const meta =
    state === 'failed'
      ? h('div', { class: 'meta', role: 'alert' }, t.failed, h('button', { type: 'button', onclick: () => handlers.retry(clientMessageId) }, t.retry))
      : h('div', { class: 'meta' }, t.sending);
  return h('div', { class: 'msg mine', 'data-client-id': clientMessageId }, h('div', { class: 'bubble' }, content), meta);
}

function attachment(file: Attachment): HTMLElement {
  if (file.contentType.startsWith('image/')) {
    return h('a', { href: file.url, target: '_blank', rel: 'noopener' }, h('img', { src: file.url, alt: file.fileName, loading: 'lazy' }));
  }
  return h('div', {}, h('a', { href: file.url, target: '_blank', rel: 'noopener', download: file.fileName }, `📎 ${file.fileName}`));
}

function stateLabel(state: DeliveryState, t: Messages): string {
  switch (state) {
    case 'PENDING':
      return t.sending;
    case 'SENT':
      return t.sent;
    case 'DELIVERED':
      return t.delivered;
    case 'READ':
      return t.read;
    case 'FAILED':
      return t.failed;
  }
}

function formatTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}
