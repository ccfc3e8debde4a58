// The trained model as the component carries it, and what it says about one text. The same code
// scores the held-out split in `make eval`, so the figures are those of the shipped weights.
import { featureVector } from './features';
import { INTENTS, SENTIMENTS } from './labels';
import type { Intent, SentimentLevel } from './labels';

/** What training writes (src/model.generated.ts) and the component embeds. */
export interface ModelData {
  /** Digest of the training examples and how many there were. */
  corpus: string;
  examples: number;
  /** Sorted feature buckets, little-endian u32, base64. */
  buckets: string;
  intent: Head;
  sentiment: Head;
}

/** One classifier over the shared buckets: int8 weights × scale, then a calibrated softmax. */
export interface Head {
  classes: string[];
  /** Row-major int8 weights (one row per bucket), base64. */
  weights: string;
  scale: number;
  /** Softmax temperature fitted on out-of-fold predictions. */
  temperature: number;
  /** Below this top probability the answer is `other` (intent head only). */
  threshold: number;
}

export interface Scored<L extends string> {
  label: L;
  score: number;
}

export interface Reading {
  /** Calibrated probabilities, highest first, every class. */
  intents: Scored<Intent>[];
  /** The answer: the top intent, or `other` when it is not confident enough. */
  intent: Intent;
  confidence: number;
  sentiments: Scored<SentimentLevel>[];
  sentiment: SentimentLevel;
}

export class Model {
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly buckets: Uint32Array;
  private readonly intentWeights: Int8Array;
  private readonly sentimentWeights: Int8Array;

  private readonly intentHead: Omit<Head, 'weights'>;
  private readonly sentimentHead: Omit<Head, 'weights'>;

  constructor(data: ModelData) {
    // Only the decoded arrays are kept: the base64 text is not needed after this.
    this.intentHead = settingsOf(data.intent);
    this.sentimentHead = settingsOf(data.sentiment);
    this.buckets = new Uint32Array(decodeBase64(data.buckets).buffer);
    this.intentWeights = new Int8Array(decodeBase64(data.intent.weights).buffer);
    this.sentimentWeights = new Int8Array(decodeBase64(data.sentiment.weights).buffer);
    if (data.intent.classes.join() !== INTENTS.join()) throw new Error('model: intent classes differ from the label ids');
    if (data.sentiment.classes.join() !== SENTIMENTS.join()) throw new Error('model: sentiment classes differ');
    // Open addressing, load ≤ 1/2: one or two probes a feature.
    let size = 1;
    while (size < this.buckets.length * 2) size <<= 1;
    this.mask = size - 1;
    this.table = new Int32Array(size).fill(-1);
    this.buckets.forEach((bucket, row) => {
      let slot = bucket & this.mask;
      while ((this.table[slot] ?? -1) >= 0) slot = (slot + 1) & this.mask;
      this.table[slot] = row;
    });
  }

  private rowOf(bucket: number): number {
    let slot = bucket & this.mask;
    for (;;) {
      const row = this.table[slot] ?? -1;
      if (row < 0 || this.buckets[row] === bucket) return row;
      slot = (slot + 1) & this.mask;
    }
  }

  read(text: string): Reading {
    const x = featureVector(text);
    const intentScores = new Float64Array(INTENTS.length);
    const sentimentScores = new Float64Array(SENTIMENTS.length);
    for (let i = 0; i < x.buckets.length; i++) {
      const row = this.rowOf(x.buckets[i] ?? 0);
      if (row < 0) continue;
      const value = x.values[i] ?? 0;
      accumulate(intentScores, this.intentWeights, row, value);
      accumulate(sentimentScores, this.sentimentWeights, row, value);
    }
    const intents = ranked(INTENTS, calibrated(intentScores, this.intentHead));
    const sentiments = ranked(SENTIMENTS, calibrated(sentimentScores, this.sentimentHead));
    const top = intents[0] ?? { label: 'other' as Intent, score: 1 };
    const confident = top.label !== 'other' && top.score >= this.intentHead.threshold;
    return {
      intents,
      intent: confident ? top.label : 'other',
      confidence: confident ? top.score : Math.max(1 - top.score, intents.find((s) => s.label === 'other')?.score ?? 0),
      sentiments,
      sentiment: sentiments[0]?.label ?? 'neutral',
    };
  }
}

function settingsOf(head: Head): Omit<Head, 'weights'> {
  return { classes: head.classes, scale: head.scale, temperature: head.temperature, threshold: head.threshold };
}

function accumulate(scores: Float64Array, weights: Int8Array, row: number, value: number): void {
  const base = row * scores.length;
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] ?? 0) + value * (weights[base + k] ?? 0);
}

function calibrated(scores: Float64Array, head: Omit<Head, 'weights'>): Float64Array {
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] ?? 0) * head.scale;
  return softmaxInPlace(scores, head.temperature);
}

/** Scores → probabilities, softened by `temperature`; training and calibration use it too. */
export function softmaxInPlace(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = (scores[k] ?? 0) / temperature;
    max = Math.max(max, scores[k] ?? 0);
  }
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp((scores[k] ?? 0) - max);
    sum += scores[k] ?? 0;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] ?? 0) / sum;
  return scores;
}

function ranked<L extends string>(labels: readonly L[], probabilities: Float64Array): Scored<L>[] {
  return labels.map((label, k) => ({ label, score: probabilities[k] ?? 0 })).sort((a, b) => b.score - a.score);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGITS = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGITS[ALPHABET.charCodeAt(i)] = i;

/** Base64 → bytes (QuickJS has no atob or Buffer). */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const digit = code < 128 ? (DIGITS[code] ?? -1) : -1;
    if (digit < 0) throw new Error('model: invalid base64');
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}
