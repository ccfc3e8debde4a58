// The Cloud API's `messages` webhook payload → the host's inbound events. Pure: no host calls
// except through the arguments, so every shape is unit-tested from Meta's documented examples
// (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages).
import type { Attachment, Content, DeliveryState, Fields, InboundEvent } from '@ispchat/plugin-sdk';
import { ACCESS_TOKEN } from './config';

type Obj = Record<string, unknown>;

/** Headers the host sends to fetch a media id's JSON, then the `url` it names (two steps). */
export const MEDIA_DOWNLOAD_HEADERS: Fields = [
  ['authorization', `Bearer {{secret:${ACCESS_TOKEN}}}`],
  ['x-ispchat-url-from-json', 'url'],
];

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;
const STATES: Record<string, DeliveryState> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

export interface ParseContext {
  /** The configured phone number id; changes for other numbers are skipped. */
  phoneNumberId: string;
  /** `<graph-api-base>/<version>`: media ids become `<graphUrl>/<id>`. */
  graphUrl: string;
  /** When the host received the webhook: the fallback for a missing timestamp. */
  receivedAt: number;
}

export interface Parsed {
  events: InboundEvent[];
  /** What was skipped and why, for the log. */
  skipped: string[];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** WhatsApp timestamps are Unix seconds as strings. */
function millis(timestamp: unknown, fallback: number): number {
  const seconds = num(timestamp);
  return seconds === undefined || seconds < 0 ? fallback : Math.round(seconds * 1000);
}

/** Every event of a verified payload, in the order entries, changes, messages and statuses come. */
export function parsePayload(payload: unknown, ctx: ParseContext): Parsed {
  const out: Parsed = { events: [], skipped: [] };
  if (!isObj(payload) || payload.object !== 'whatsapp_business_account') {
    out.skipped.push(`object ${isObj(payload) ? String(payload.object) : typeof payload} is not whatsapp_business_account`);
    return out;
  }
  for (const entry of objs(payload.entry)) {
    for (const change of objs(entry.changes)) {
      const value = isObj(change.value) ? change.value : {};
      if (change.field !== 'messages') {
        out.skipped.push(`field ${String(change.field)} is not messages`);
        continue;
      }
      const phoneNumberId = isObj(value.metadata) ? str(value.metadata.phone_number_id) : undefined;
      if (phoneNumberId !== ctx.phoneNumberId) {
        out.skipped.push(`change for phone number id ${String(phoneNumberId)}, not ${ctx.phoneNumberId}`);
        continue;
      }
      const contacts = objs(value.contacts);
      for (const message of objs(value.messages)) {
        const event = messageEvent(message, contacts, ctx);
        if (event === undefined) out.skipped.push('message without id or sender');
        else out.events.push(event);
      }
      for (const status of objs(value.statuses)) {
        const event = statusEvent(status, ctx.receivedAt);
        if (event === undefined) out.skipped.push(`status ${String(status.status)} of ${String(status.id)} ignored`);
        else out.events.push(event);
      }
      for (const error of objs(value.errors)) {
        out.events.push({ tag: 'other', val: JSON.stringify({ type: 'error', error: errorText(error) }) });
      }
    }
  }
  return out;
}

/** `"131047 Re-engagement message: Message failed to send because…"`. */
export function errorText(error: Obj): string {
  const code = num(error.code);
  const title = str(error.title) ?? str(error.message) ?? 'error';
  const details = isObj(error.error_data) ? str(error.error_data.details) : undefined;
  const head = code === undefined ? title : `${code} ${title}`;
  return details === undefined || details === title ? head : `${head}: ${details}`;
}

function statusEvent(status: Obj, receivedAt: number): InboundEvent | undefined {
  const id = str(status.id);
  const state = STATES[String(status.status)];
  if (id === undefined || state === undefined) return undefined;
  const errors = objs(status.errors);
  const error = state === 'failed' ? (errors.length > 0 ? errors.map(errorText).join('; ') : 'failed') : undefined;
  return { tag: 'delivery', val: { externalId: id, state, at: millis(status.timestamp, receivedAt), error } };
}

function messageEvent(message: Obj, contacts: Obj[], ctx: ParseContext): InboundEvent | undefined {
  const id = str(message.id);
  const from = str(message.from);
  if (id === undefined || from === undefined) return undefined;
  // The contact whose wa_id sent it (a payload with one message has one contact).
  const contact = contacts.find((c) => c.wa_id === from) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const waId = str(contact?.wa_id) ?? from;
  const profile = isObj(contact?.profile) ? contact.profile : {};
  const context = isObj(message.context) ? message.context : {};
  return {
    tag: 'message',
    val: {
      externalId: id,
      sender: { externalId: waId, displayName: str(profile.name), phone: `+${waId.replace(/^\+/, '')}`, email: undefined },
      contents: contentsOf(message, ctx),
      sentAt: millis(message.timestamp, ctx.receivedAt),
      replyToExternalId: str(context.id),
      ext: '',
    },
  };
}

function other(value: object): Content {
  return { tag: 'other', val: JSON.stringify(value) };
}

function unsupported(type: string): Content {
  return other({ type: 'unsupported', providerType: type });
}

/** One message's contents by its `type`. */
export function contentsOf(message: Obj, ctx: Pick<ParseContext, 'graphUrl'>): Content[] {
  const type = String(message.type);
  const body = isObj(message[type]) ? (message[type] as Obj) : {};
  if (type === 'text') {
    const text = typeof body.body === 'string' ? body.body : '';
    return [{ tag: 'text', val: text }];
  }
  if ((MEDIA_TYPES as readonly string[]).includes(type)) {
    const attachment = mediaOf(type, body, ctx.graphUrl);
    return attachment === undefined ? [unsupported(type)] : [{ tag: 'attachment', val: attachment }];
  }
  if (type === 'location') {
    const latitude = num(body.latitude);
    const longitude = num(body.longitude);
    if (latitude === undefined || longitude === undefined) return [unsupported(type)];
    return [{ tag: 'location', val: { latitude, longitude, name: str(body.name), address: str(body.address) } }];
  }
  if (type === 'interactive') {
    const reply = isObj(body.button_reply) ? body.button_reply : isObj(body.list_reply) ? body.list_reply : undefined;
    const replyId = str(reply?.id);
    if (reply === undefined || replyId === undefined) return [unsupported(`interactive.${String(body.type)}`)];
    return [{ tag: 'choice-selected', val: { id: replyId, title: str(reply.title) ?? replyId, description: str(reply.description) } }];
  }
  if (type === 'button') {
    // A template's quick-reply button: `payload` is what the template declared, `text` its label.
    const text = str(body.text) ?? str(body.payload) ?? '';
    return [{ tag: 'choice-selected', val: { id: str(body.payload) ?? text, title: text, description: undefined } }];
  }
  if (type === 'reaction') {
    // An empty emoji is a reaction removed.
    return [other({ type: 'reaction', emoji: typeof body.emoji === 'string' ? body.emoji : '', toExternalId: str(body.message_id) ?? '' })];
  }
  if (type === 'contacts') {
    const cards = objs(message.contacts).map((card) => ({
      name: (isObj(card.name) ? (str(card.name.formatted_name) ?? str(card.name.first_name)) : undefined) ?? '',
      phones: objs(card.phones).map((p) => str(p.phone) ?? (str(p.wa_id) === undefined ? '' : `+${String(p.wa_id)}`)).filter((p) => p !== ''),
      emails: objs(card.emails).map((e) => str(e.email) ?? '').filter((e) => e !== ''),
    }));
    return [other({ type: 'contacts', contacts: cards })];
  }
  return [unsupported(type)];
}

function mediaOf(type: string, body: Obj, graphUrl: string): Attachment | undefined {
  const mediaId = str(body.id);
  if (mediaId === undefined) return undefined;
  const fallbackMime = type === 'sticker' ? 'image/webp' : 'application/octet-stream';
  return {
    mimeType: str(body.mime_type) ?? fallbackMime,
    url: `${graphUrl}/${encodeURIComponent(mediaId)}`,
    downloadHeaders: MEDIA_DOWNLOAD_HEADERS.map(([n, v]) => [n, v]),
    fileName: type === 'document' ? str(body.filename) : undefined,
    sizeBytes: num(body.file_size),
    caption: str(body.caption),
  };
}
