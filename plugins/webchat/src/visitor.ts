// What the host posts for a visitor → the inbound events, or the refusal the visitor sees. Pure:
// settings and the locale come in as arguments, so every rule is unit-tested.
//
// The host's request bodies (docs/channels.md, "Web chat plugin"):
//   POST /visitor/messages {visitor:{contactId,identifier}, clientMessageId, text,
//                           choice?:{id,title}, attachment?:{uploadId,mimeType,fileName,sizeBytes}, sentAt}
//   POST /visitor/read     {visitor:{contactId,identifier}, externalIds:[…], at}
import type { Content, InboundEvent } from '@ispchat/plugin-sdk';
import type { Config } from './config';
import type { Locale } from './texts';
import { texts } from './texts';

/** The host links a message's file to the upload it already stored under this URL scheme. */
export const UPLOAD_SCHEME = 'ispchat-upload:';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A refusal: the HTTP status the host maps to an error, the field it names, the visitor's text. */
export interface Refusal {
  status: number;
  field: string;
  message: string;
}

export type Outcome = { ok: true; events: InboundEvent[] } | { ok: false; refusal: Refusal };

const refuse = (status: number, field: string, message: string): Outcome => ({ ok: false, refusal: { status, field, message } });

const length = (value: string): number => Array.from(value).length;

// C0 and C1 controls, DEL and the invisible format characters that only hide text (zero-width
// spaces, bidi overrides); line breaks and tabs stay.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Trimmed, CRLF as LF, control characters removed (when `strip`). */
export function normalise(text: string, strip: boolean): string {
  const unified = text.replace(/\r\n?/g, '\n');
  return (strip ? unified.replace(CONTROLS, '') : unified).trim();
}

/** Whether `mimeType` matches one of the patterns (`image/*`, `application/pdf`, `*`/`*\/*`). */
export function typeAllowed(mimeType: string, patterns: readonly string[]): boolean {
  const mime = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  const family = mime.split('/')[0] ?? '';
  return patterns.some((p) => p === '*' || p === '*/*' || p === mime || (p.endsWith('/*') && p.slice(0, -2) === family));
}

interface Visitor {
  contactId: string;
  identifier: string;
}

function visitorOf(body: Obj): Visitor | undefined {
  const visitor = isObj(body.visitor) ? body.visitor : {};
  const contactId = str(visitor.contactId);
  const identifier = str(visitor.identifier);
  return contactId === undefined || identifier === undefined ? undefined : { contactId, identifier };
}

/** The same external id the host's own path used, so a message is stored once either way. */
export const externalIdOf = (contactId: string, clientMessageId: string): string => `web:${contactId}:${clientMessageId}`;

/** One visitor message → one message event, or the visitor's refusal. */
export function visitorMessage(body: unknown, cfg: Config, locale: Locale, receivedAt: number): Outcome {
  const t = texts(locale);
  if (!isObj(body)) return refuse(400, 'input', 'the body is not a JSON object');
  const visitor = visitorOf(body);
  const clientMessageId = str(body.clientMessageId);
  if (visitor === undefined || clientMessageId === undefined) return refuse(400, 'input', 'visitor and clientMessageId are required');
  const raw = typeof body.text === 'string' ? body.text : '';
  const text = normalise(raw, cfg.stripControl);
  if (length(text) > cfg.maxTextLength) return refuse(422, 'content', t.tooLong(cfg.maxTextLength, length(text)));

  const contents: Content[] = [];
  const attachment = isObj(body.attachment) ? body.attachment : undefined;
  const choice = isObj(body.choice) ? body.choice : undefined;
  if (attachment !== undefined) {
    const uploadId = str(attachment.uploadId);
    const mimeType = str(attachment.mimeType);
    if (uploadId === undefined || mimeType === undefined) return refuse(400, 'file', 'attachment.uploadId and mimeType are required');
    if (!typeAllowed(mimeType, cfg.allowedFileTypes)) return refuse(415, 'file', t.fileType(mimeType));
    const size = typeof attachment.sizeBytes === 'number' && attachment.sizeBytes >= 0 ? attachment.sizeBytes : undefined;
    contents.push({
      tag: 'attachment',
      val: {
        mimeType,
        url: `${UPLOAD_SCHEME}${uploadId}`,
        downloadHeaders: [],
        fileName: str(attachment.fileName),
        sizeBytes: size === undefined ? undefined : Math.floor(size),
        caption: text === '' ? undefined : text,
      },
    });
  } else if (choice !== undefined) {
    // A clicked button is the answer to a prompt, as WhatsApp's button replies are: bots see
    // both channels alike.
    const id = str(choice.id);
    const title = normalise(typeof choice.title === 'string' ? choice.title : '', cfg.stripControl) || text;
    if (id === undefined || title === '') return refuse(422, 'choiceId', t.choice);
    contents.push({ tag: 'choice-selected', val: { id, title, description: undefined } });
  } else {
    if (text === '') return refuse(422, 'content', t.empty);
    contents.push({ tag: 'text', val: text });
  }
  const sentAt = typeof body.sentAt === 'number' && body.sentAt > 0 ? Math.floor(body.sentAt) : receivedAt;
  return {
    ok: true,
    events: [
      {
        tag: 'message',
        val: {
          externalId: externalIdOf(visitor.contactId, clientMessageId),
          sender: { externalId: visitor.identifier, displayName: undefined, phone: undefined, email: undefined },
          contents,
          sentAt,
          replyToExternalId: undefined,
          ext: '',
        },
      },
    ],
  };
}

/** The visitor saw the replies the host lists: one `read` report each. */
export function visitorRead(body: unknown, receivedAt: number): Outcome {
  if (!isObj(body) || visitorOf(body) === undefined) return refuse(400, 'input', 'visitor is required');
  const ids = Array.isArray(body.externalIds) ? body.externalIds.filter((id): id is string => typeof id === 'string' && id !== '') : [];
  const at = typeof body.at === 'number' && body.at > 0 ? Math.floor(body.at) : receivedAt;
  return {
    ok: true,
    events: [...new Set(ids)].map((externalId) => ({ tag: 'delivery', val: { externalId, state: 'read', at, error: undefined } })),
  };
}
