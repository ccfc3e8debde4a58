// The labelled corpus (corpus/*.jsonl): reading, checking, and the split training never crosses.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { INTENTS, SENTIMENTS } from '../src/labels';
import type { Intent, SentimentLevel } from '../src/labels';
import { normalize } from '../src/text';

export interface Example {
  text: string;
  intent: Intent;
  /** A second intent the message also asks for, when it has one. */
  also?: Intent;
  sentiment: SentimentLevel;
  lang: 'pt-BR' | 'en';
  /** The corpus file it came from: one writer's style each. */
  source: string;
}

export const CORPUS_DIR = new URL('../corpus/', import.meta.url);

/** Every example of corpus/*.jsonl, checked; a second copy of a text (after normalising) is dropped. */
export function readCorpus(dir: URL = CORPUS_DIR): Example[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  const seen = new Set<string>();
  const out: Example[] = [];
  for (const file of files) {
    const lines = readFileSync(join(dir.pathname, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${file}:${i + 1}`;
      const example = parseExample(line, where, file.replace(/\.jsonl$/, ''));
      const key = normalize(example.text).replace(/\s+/g, ' ').trim();
      if (seen.has(key)) return;
      seen.add(key);
      out.push(example);
    });
  }
  return out;
}

function parseExample(line: string, where: string, source: string): Example {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`${where}: not JSON`);
  }
  const row = value as Record<string, unknown>;
  const { text, intent, also, sentiment, lang } = row;
  if (typeof text !== 'string' || text.trim() === '') throw new Error(`${where}: text must be a non-empty string`);
  if (!INTENTS.includes(intent as Intent)) throw new Error(`${where}: unknown intent ${String(intent)}`);
  if (also !== undefined && !INTENTS.includes(also as Intent)) throw new Error(`${where}: unknown also ${String(also)}`);
  if (!SENTIMENTS.includes(sentiment as SentimentLevel)) throw new Error(`${where}: unknown sentiment ${String(sentiment)}`);
  if (lang !== 'pt-BR' && lang !== 'en') throw new Error(`${where}: lang must be pt-BR or en`);
  return {
    text,
    intent: intent as Intent,
    ...(also === undefined || also === intent ? {} : { also: also as Intent }),
    sentiment: sentiment as SentimentLevel,
    lang,
    source,
  };
}

/**
 * One message in five is held out, chosen by a hash of its normalised text: stable when the
 * corpus grows, and the same text always falls on the same side.
 */
export function isHeldOut(example: Pick<Example, 'text'>): boolean {
  const digest = createHash('sha256').update(normalize(example.text).replace(/\s+/g, ' ').trim()).digest();
  return (digest[0] ?? 0) % 5 === 0;
}

export function split(examples: Example[]): { train: Example[]; heldOut: Example[] } {
  return { train: examples.filter((e) => !isHeldOut(e)), heldOut: examples.filter(isHeldOut) };
}

/** A digest of the corpus as trained on, recorded in the model. */
export function corpusDigest(examples: Example[]): string {
  const h = createHash('sha256');
  for (const e of examples) h.update(`${e.text}\u0000${e.intent}\u0000${e.sentiment}\n`);
  return h.digest('hex').slice(0, 16);
}
