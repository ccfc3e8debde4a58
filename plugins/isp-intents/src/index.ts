// isp-intents: intent, sentiment and language of each incoming text message, from the model
// trained at build time (train/prepare.ts) on the labelled corpus.
import type { Classification, LabelScore, Message, Sentiment } from '@ispchat/plugin-sdk';
import { classification, defineClassifier, typedTextOf } from '@ispchat/plugin-sdk';
import type { SentimentLevel } from './labels';
import { languageOf } from './language';
import { Model } from './model';
import { MODEL } from './model.generated';

// Decoded when the module loads, which componentize-js does at build time: a call pays only for
// reading its message.
const model = new Model(MODEL);

/** Intents below this probability are not listed (they mean nothing to a reader). */
const LISTED = 0.05;

const SENTIMENT: Record<SentimentLevel, Sentiment> = {
  very_negative: 'very-negative',
  negative: 'negative',
  neutral: 'neutral',
  positive: 'positive',
  very_positive: 'very-positive',
};

export function classifyMessage(message: Message): Classification | undefined {
  if (message.direction !== 'incoming' || message.kind !== 'text') return undefined;
  const text = typedTextOf(message);
  if (text.trim() === '') return undefined;
  const reading = model.read(text);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const labels: LabelScore[] = reading.intents
    .filter((s) => s.label !== 'other' && s.score >= LISTED)
    .slice(0, 3)
    .map((s) => ({ label: s.label, score: round(s.score) }));
  if (reading.intent === 'other') labels.unshift({ label: 'other', score: round(reading.confidence) });
  return classification(message.id, {
    labels,
    sentiment: SENTIMENT[reading.sentiment],
    language: languageOf(text),
    ext: JSON.stringify({
      intent: reading.intent,
      confidence: round(reading.confidence),
      sentiments: Object.fromEntries(reading.sentiments.map((s) => [s.label, round(s.score)])),
      model: MODEL.corpus,
    }),
  });
}

export function classifyBatch(batch: Message[]): Classification[] {
  return batch.flatMap((message) => classifyMessage(message) ?? []);
}

export const classify = defineClassifier(classifyBatch);
