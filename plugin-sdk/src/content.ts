import type { Content, Message } from 'ispchat:types/messages@1.0.0';

export function text(value: string): Content {
  return { tag: 'text', val: value };
}

/** The message's text parts joined with newlines (captions and chosen options included). */
export function textOf(message: Pick<Message, 'contents'>): string {
  const parts: string[] = [];
  for (const content of message.contents) {
    if (content.tag === 'text') parts.push(content.val);
    else if (content.tag === 'choice-selected') parts.push(content.val.title);
    else if (content.tag === 'attachment' && content.val.caption != null) parts.push(content.val.caption);
  }
  return parts.join('\n');
}

/** Only what the customer typed: the `text` parts joined with newlines (no captions or chosen options). */
export function typedTextOf(message: Pick<Message, 'contents'>): string {
  return message.contents
    .filter((c) => c.tag === 'text')
    .map((c) => c.val)
    .join('\n');
}

/** Lowercase, accents removed, whitespace collapsed: for keyword matching in pt-BR and en. */
export function normalizeText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `value` contains any of `keywords` as a whole word, ignoring case and accents. */
export function mentionsAny(value: string, keywords: readonly string[]): boolean {
  const words = new Set(normalizeText(value).split(/[^\p{L}\p{N}]+/u));
  return keywords.some((k) => {
    const key = normalizeText(k);
    return key.includes(' ') ? ` ${normalizeText(value)} `.includes(` ${key} `) : words.has(key);
  });
}
