// Host contents → the body of `POST /{phone-number-id}/messages`
// (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages). Pure, so each
// shape is unit-tested.
//
// One send is one Cloud API request: the API has no idempotency key, so a send split into
// several requests could not be retried without repeating the parts that went out. The first
// content that is not text (attachment, location, choices, template) decides the message; the
// texts around it become its caption or prompt when it has none, or the message itself when
// there is nothing else. `other` contents are ignored.
import type { Attachment, Choices, Content, Location, Template } from '@ispchat/plugin-sdk';

export const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const MAX_BUTTONS = 3;
const MAX_ROWS = 10;
const BUTTON_TITLE = 20;
const ROW_TITLE = 24;
const ROW_DESCRIPTION = 72;
const CHOICE_ID = 200;
const INTERACTIVE_BODY = 1024;

export type Body = Record<string, unknown>;

/** Why a message cannot be sent as it is (mapped to `invalid-content`). */
export class ContentError extends Error {}

/** `value` cut to `max` characters (code points), with an ellipsis when cut. */
export function clip(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

const length = (value: string): number => Array.from(value).length;

export interface BuildOptions {
  recipient: string;
  replyTo?: string | null;
  listButtonLabel: string;
}

export function buildMessage(contents: readonly Content[], options: BuildOptions): Body {
  const texts = contents.filter((c) => c.tag === 'text').map((c) => c.val).filter((t) => t.trim() !== '');
  const text = texts.join('\n');
  const primary = contents.find((c) => c.tag === 'attachment' || c.tag === 'location' || c.tag === 'choices' || c.tag === 'template');
  let typed: Body;
  if (primary === undefined) {
    if (text === '') throw new ContentError('the message has no content WhatsApp can show');
    typed = textBody(text);
  } else if (primary.tag === 'attachment') typed = attachmentBody(primary.val, text);
  else if (primary.tag === 'location') typed = locationBody(primary.val);
  else if (primary.tag === 'choices') typed = choicesBody(primary.val, text, options.listButtonLabel);
  else if (primary.tag === 'template') typed = templateBody(primary.val);
  else throw new ContentError('unreachable');
  const body: Body = { messaging_product: 'whatsapp', recipient_type: 'individual', to: options.recipient, ...typed };
  if (options.replyTo != null && options.replyTo !== '') body.context = { message_id: options.replyTo };
  return body;
}

function textBody(text: string): Body {
  if (length(text) > MAX_TEXT) throw new ContentError(`the text has ${length(text)} characters; WhatsApp accepts ${MAX_TEXT}`);
  return { type: 'text', text: { preview_url: false, body: text } };
}

/** The Cloud API's media type for a MIME type (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types). */
export function mediaType(mimeType: string): 'image' | 'audio' | 'video' | 'document' | 'sticker' {
  const mime = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime === 'image/webp') return 'sticker';
  if (mime === 'image/jpeg' || mime === 'image/png') return 'image';
  if (['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'].includes(mime)) return 'audio';
  if (mime === 'video/mp4' || mime === 'video/3gpp') return 'video';
  return 'document';
}

function attachmentBody(attachment: Attachment, text: string): Body {
  const type = mediaType(attachment.mimeType);
  const media: Body = { link: attachment.url };
  const caption = attachment.caption != null && attachment.caption.trim() !== '' ? attachment.caption : text;
  if (caption !== '' && (type === 'image' || type === 'video' || type === 'document')) {
    if (length(caption) > MAX_CAPTION) throw new ContentError(`the caption has ${length(caption)} characters; WhatsApp accepts ${MAX_CAPTION}`);
    media.caption = caption;
  }
  if (type === 'document' && attachment.fileName != null && attachment.fileName !== '') media.filename = attachment.fileName;
  return { type, [type]: media };
}

function locationBody(location: Location): Body {
  const place: Body = { latitude: location.latitude, longitude: location.longitude };
  if (location.name != null && location.name !== '') place.name = location.name;
  if (location.address != null && location.address !== '') place.address = location.address;
  return { type: 'location', location: place };
}

/** Numbered lines, for more options than a list holds (or no prompt to show them with). */
export function numbered(prompt: string, choices: Choices['options']): string {
  const lines = choices.map((c, i) => `${i + 1}. ${c.title}`);
  return [prompt, ...lines].filter((l) => l !== '').join('\n');
}

function choicesBody(choices: Choices, text: string, listButtonLabel: string): Body {
  const prompt = choices.prompt.trim() !== '' ? choices.prompt : text;
  const options = choices.options;
  if (options.length === 0) return textBody(prompt);
  if (options.length > MAX_ROWS || prompt.trim() === '' || length(prompt) > INTERACTIVE_BODY) return textBody(numbered(prompt, options));
  const id = (value: string): string => clip(value, CHOICE_ID);
  if (options.length <= MAX_BUTTONS) {
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: prompt },
        action: { buttons: options.map((o) => ({ type: 'reply', reply: { id: id(o.id), title: clip(o.title, BUTTON_TITLE) } })) },
      },
    };
  }
  const rows = options.map((o) => {
    const row: Body = { id: id(o.id), title: clip(o.title, ROW_TITLE) };
    if (o.description != null && o.description !== '') row.description = clip(o.description, ROW_DESCRIPTION);
    return row;
  });
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: prompt },
      action: { button: clip(listButtonLabel.trim() === '' ? 'Ver opções' : listButtonLabel, BUTTON_TITLE), sections: [{ rows }] },
    },
  };
}

function templateBody(template: Template): Body {
  if (template.name.trim() === '') throw new ContentError('the template has no name');
  const body: Body = { name: template.name, language: { code: template.language } };
  if (template.parameters.length > 0) {
    body.components = [{ type: 'body', parameters: template.parameters.map((p) => ({ type: 'text', text: p })) }];
  }
  return { type: 'template', template: body };
}

/** `POST /messages` bodies for the read receipt, with or without the typing indicator. */
export function signalBody(signal: 'mark-read' | 'typing', externalId: string): Body {
  const body: Body = { messaging_product: 'whatsapp', status: 'read', message_id: externalId };
  if (signal === 'typing') body.typing_indicator = { type: 'text' };
  return body;
}
