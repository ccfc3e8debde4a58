// The decisions, as pure functions of the text: topic labels from keyword hits, a sentiment from
// the lexicon, the language from stopword counts.
import type { Classification, LabelScore, Message, Sentiment } from '@ispchat/plugin-sdk';
import { classification, normalizeText, typedTextOf } from '@ispchat/plugin-sdk';
import type { KeywordLists } from './keywords';
import { DEFAULT_KEYWORDS } from './keywords';
import { NEGATIONS, SENTIMENT, STOPWORDS } from './lexicon';

/** Lowercase, accents removed, anything but letters and digits a single space ("Wi-Fi" → "wi fi"). */
export function words(text: string): string[] {
  return normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * Each list's keywords as they are matched (their words joined by single spaces), computed once
 * per list: normalising ~100 keywords cost ~10 ms a message in QuickJS. The built-in lists' keys
 * are computed when this module loads, which componentize-js does at build time (the snapshot
 * keeps them), so a call pays only for the lists a `keywords` setting brings.
 */
const matchKeysOf = new WeakMap<readonly string[], readonly string[]>();

export function matchKeys(keywords: readonly string[]): readonly string[] {
  let keys = matchKeysOf.get(keywords);
  if (keys === undefined) {
    keys = keywords.map((k) => words(k).join(' '));
    matchKeysOf.set(keywords, keys);
  }
  return keys;
}

for (const list of Object.values(DEFAULT_KEYWORDS)) matchKeys(list);

/**
 * One score per label with at least one hit: 1 − 0.4^hits (one hit 0.6, two 0.84, three 0.94),
 * highest first. A keyword counts once however often it appears.
 */
export function labelScores(tokens: readonly string[], lists: KeywordLists): { labels: LabelScore[]; matches: Record<string, string[]> } {
  const padded = ` ${tokens.join(' ')} `;
  const labels: LabelScore[] = [];
  const matches: Record<string, string[]> = {};
  for (const [label, keywords] of Object.entries(lists)) {
    const keys = matchKeys(keywords);
    const hits = keywords.filter((_, i) => keys[i] !== '' && padded.includes(` ${keys[i]} `));
    if (hits.length === 0) continue;
    labels.push({ label, score: Math.round((1 - 0.4 ** hits.length) * 1000) / 1000 });
    matches[label] = hits;
  }
  labels.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
  return { labels, matches };
}

/** Sum of the lexicon's weights, a word's sign flipped when one of the two words before it negates. */
export function sentimentOf(tokens: readonly string[]): Sentiment {
  let total = 0;
  tokens.forEach((token, i) => {
    const weight = SENTIMENT[token];
    if (weight === undefined) return;
    const negated = tokens.slice(Math.max(0, i - 2), i).some((w) => NEGATIONS.has(w));
    total += negated ? -weight : weight;
  });
  if (total <= -3) return 'very-negative';
  if (total < 0) return 'negative';
  if (total >= 3) return 'very-positive';
  if (total > 0) return 'positive';
  return 'neutral';
}

/**
 * `pt-BR` or `en` when one language's stopwords clearly dominate (more than twice the other's),
 * undefined when unsure. Words with Portuguese diacritics (ã, ç, é…) count for pt-BR.
 */
export function languageOf(text: string): 'pt-BR' | 'en' | undefined {
  const tokens = words(text);
  let pt = 0;
  let en = 0;
  for (const token of tokens) {
    if (STOPWORDS['pt-BR'].has(token)) pt++;
    if (STOPWORDS.en.has(token)) en++;
  }
  pt += (text.toLowerCase().match(/[\p{L}]*[ãõçáéíóúâêôà][\p{L}]*/gu) ?? []).length;
  if (pt > 2 * en && pt > 0) return 'pt-BR';
  if (en > 2 * pt && en > 0) return 'en';
  return undefined;
}

/** Incoming text messages get a classification; the rest (agents' replies, notes, media) none. */
export function classifyMessage(message: Message, lists: KeywordLists): Classification | undefined {
  if (message.direction !== 'incoming' || message.kind !== 'text') return undefined;
  const text = typedTextOf(message);
  const tokens = words(text);
  if (tokens.length === 0) return undefined;
  const { labels, matches } = labelScores(tokens, lists);
  return classification(message.id, {
    labels,
    sentiment: sentimentOf(tokens),
    language: languageOf(text),
    ext: Object.keys(matches).length === 0 ? '' : JSON.stringify({ matches }),
  });
}
