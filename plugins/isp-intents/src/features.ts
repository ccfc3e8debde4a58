// The model's inputs: a message becomes a set of hashed features — words, word pairs, character
// n-grams of each word (typos and unknown spellings still share most of their n-grams) and cues
// for feeling (lexicon words with negation and intensifiers, shouting, exclamation marks, emoji).
import { shouting, tokens } from './text';
import { ANGER, ANGRY_EMOJI, HAPPY_EMOJI, INTENSIFIERS, NEGATIONS, NEGATIVE, POSITIVE } from './lexicon';

/** Features are hashed into this many buckets; the model keeps only the buckets training saw. */
export const BUCKETS = 1 << 22;

/** A message's features: distinct buckets, each with its weight in the input vector. */
export interface FeatureVector {
  buckets: Uint32Array;
  values: Float32Array;
}

/** 32-bit FNV-1a of a string's UTF-16 code units: cheap in QuickJS, the same in Node. */
export function hash(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

// Families weigh differently: a whole word says more than one of its n-grams.
const WORD = 1;
const PAIR = 0.5;
const GRAM = 0.7;
const CUE = 2;

/** The named features of a text, each with its family weight (for tests and explanations). */
export function namedFeatures(text: string): Map<string, number> {
  const words = tokens(text);
  const out = new Map<string, number>();
  const add = (name: string, weight: number): void => {
    out.set(name, Math.max(out.get(name) ?? 0, weight));
  };
  add('bias', CUE);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    add(`w:${word}`, WORD);
    add(`b:${i === 0 ? '^' : words[i - 1]} ${word}`, PAIR);
    if (word.length >= 3 && !word.startsWith('#')) {
      const padded = `<${word}>`;
      for (let n = 3; n <= 4; n++) {
        for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`, GRAM);
      }
    }
  }
  if (words.length > 0) add(`b:${words[words.length - 1]} $`, PAIR);
  for (const [name, weight] of feelingCues(text, words)) add(name, weight);
  return out;
}

/** Lexicon cues: polarity words flipped by a negation within the two words before them. */
function feelingCues(text: string, words: readonly string[]): Map<string, number> {
  const cues = new Map<string, number>();
  let negative = 0;
  let positive = 0;
  let intensified = false;
  words.forEach((word, i) => {
    const before = words.slice(Math.max(0, i - 2), i);
    const negated = before.some((w) => NEGATIONS.has(w));
    if (INTENSIFIERS.has(word)) intensified = true;
    if (NEGATIVE.has(word)) {
      if (negated) positive++;
      else negative++;
    } else if (POSITIVE.has(word)) {
      if (negated) negative++;
      else positive++;
    }
  });
  const level = (n: number): string => (n >= 3 ? '3' : String(n));
  cues.set(`f:neg${level(negative)}`, CUE);
  cues.set(`f:pos${level(positive)}`, CUE);
  if (intensified) cues.set(`f:intense${negative > positive ? '-' : positive > negative ? '+' : '0'}`, CUE);
  const anger = words.filter((w) => ANGER.has(w)).length;
  if (anger > 0) cues.set(`f:anger${anger >= 2 ? '2' : '1'}`, CUE);
  const happy = words.filter((w) => HAPPY_EMOJI.has(w)).length;
  const angry = words.filter((w) => ANGRY_EMOJI.has(w)).length;
  if (happy > 0) cues.set(`f:happy${happy >= 2 ? '2' : '1'}`, CUE);
  if (angry > 0) cues.set(`f:angry${angry >= 2 ? '2' : '1'}`, CUE);
  // A word of three or more capitals is shouted even when the rest is not.
  const shouted = (text.match(/\b\p{Lu}{3,}\b/gu) ?? []).length;
  if (shouted > 0) cues.set(`f:caps${shouted >= 2 ? '2' : '1'}`, CUE);
  if (/\?{2,}/.test(text)) cues.set('f:qq', CUE);
  const bangs = (text.match(/!/g) ?? []).length;
  if (bangs > 0) cues.set(`f:bang${bangs >= 3 ? '3' : bangs}`, CUE);
  if (shouting(text)) cues.set('f:shout', CUE);
  const length = words.length <= 2 ? 'short' : words.length <= 12 ? 'medium' : 'long';
  cues.set(`f:len-${length}`, CUE);
  return cues;
}

/** `w`, `b`, `c` or `f` (words, pairs, n-grams, cues); `bias` is a family of its own. */
function familyOf(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(0, colon);
}

/**
 * The hashed input vector of a text: each family scaled to the weight of one feature. Without
 * `cues`, the feeling cues are there with a value of 0: the intent head is trained on them that
 * way, so its weights for them stay 0 and one vector serves both heads.
 */
export function featureVector(text: string, cues = true): FeatureVector {
  const named = namedFeatures(text);
  // Each family counts as a whole: a long message's many n-grams do not drown its few words.
  const perFamily = new Map<string, number>();
  for (const name of named.keys()) perFamily.set(familyOf(name), (perFamily.get(familyOf(name)) ?? 0) + 1);
  const byBucket = new Map<number, number>();
  for (const [name, weight] of named) {
    const bucket = hash(name);
    const family = familyOf(name);
    const value = !cues && family === 'f' ? 0 : weight / Math.sqrt(perFamily.get(family) ?? 1);
    byBucket.set(bucket, Math.max(byBucket.get(bucket) ?? 0, value));
  }
  const buckets = new Uint32Array(byBucket.size);
  const values = new Float32Array(byBucket.size);
  let i = 0;
  for (const [bucket, value] of byBucket) {
    buckets[i] = bucket;
    values[i] = value;
    i++;
  }
  return { buckets, values };
}
