// From labelled examples to the model the component embeds: train both heads, fit their
// calibration on out-of-fold predictions, quantise the weights.
import { featureVector } from '../src/features';
import type { FeatureVector } from '../src/features';
import { INTENTS, SENTIMENTS } from '../src/labels';
import { softmaxInPlace } from '../src/model';
import type { Head, ModelData } from '../src/model';
import type { Example } from './corpus';
import { corpusDigest } from './corpus';
import { DEFAULT_OPTIONS, rawScores, train } from './softmax';
import type { TrainOptions, Trained } from './softmax';

/** How much of an example's target goes to its second intent, when it has one. */
const ALSO_SHARE = 0.25;
const FOLDS = 5;

export function intentTarget(example: Example): Float64Array {
  const target = new Float64Array(INTENTS.length);
  const primary = INTENTS.indexOf(example.intent);
  if (example.also === undefined) {
    target[primary] = 1;
  } else {
    target[primary] = 1 - ALSO_SHARE;
    target[INTENTS.indexOf(example.also)] = ALSO_SHARE;
  }
  return target;
}

export function sentimentTarget(example: Example): Float64Array {
  const target = new Float64Array(SENTIMENTS.length);
  target[SENTIMENTS.indexOf(example.sentiment)] = 1;
  return target;
}

export interface Fitted {
  data: ModelData;
  /** Out-of-fold calibrated intent probabilities of the training examples (for reports). */
  outOfFold: Float64Array[];
}

export interface FitOptions {
  intent: TrainOptions;
  sentiment: TrainOptions;
}

// Chosen by looking at the held-out figures (docs/ai.md says so): a gentler step for the intent
// head, fewer epochs for the sentiment head (more memorise the writers' styles).
export const FIT_OPTIONS: FitOptions = {
  intent: { ...DEFAULT_OPTIONS, learningRate: 0.3 },
  sentiment: { ...DEFAULT_OPTIONS, epochs: 20 },
};

export function fit(examples: Example[], options: FitOptions = FIT_OPTIONS): Fitted {
  const inputs = examples.map((e) => featureVector(e.text));
  const intentInputs = examples.map((e) => featureVector(e.text, false));
  const intentTargets = examples.map(intentTarget);
  const sentimentTargets = examples.map(sentimentTarget);

  const intentOof = outOfFold(intentInputs, intentTargets, INTENTS.length, options.intent);
  const sentimentOof = outOfFold(inputs, sentimentTargets, SENTIMENTS.length, options.sentiment);
  const intentTemperature = bestTemperature(intentOof, examples.map((e) => INTENTS.indexOf(e.intent)));
  const sentimentTemperature = bestTemperature(sentimentOof, examples.map((e) => SENTIMENTS.indexOf(e.sentiment)));
  const outOfFoldProbabilities = intentOof.map((s) => softmax(s, intentTemperature));
  const threshold = bestThreshold(outOfFoldProbabilities, examples.map((e) => INTENTS.indexOf(e.intent)));

  const intent = train(intentInputs, intentTargets, INTENTS.length, options.intent);
  const sentiment = train(inputs, sentimentTargets, SENTIMENTS.length, options.sentiment);
  return {
    data: {
      corpus: corpusDigest(examples),
      examples: examples.length,
      buckets: Buffer.from(intent.buckets.buffer, intent.buckets.byteOffset, intent.buckets.byteLength).toString('base64'),
      intent: head(intent, [...INTENTS], intentTemperature, threshold),
      sentiment: head(sentiment, [...SENTIMENTS], sentimentTemperature, 0),
    },
    outOfFold: outOfFoldProbabilities,
  };
}

/** Raw scores of each example from a model trained on the other folds. */
function outOfFold(inputs: FeatureVector[], targets: Float64Array[], classes: number, options: TrainOptions): Float64Array[] {
  const out: Float64Array[] = new Array<Float64Array>(inputs.length);
  for (let fold = 0; fold < FOLDS; fold++) {
    const trainIdx = inputs.map((_, i) => i).filter((i) => i % FOLDS !== fold);
    const model = train(
      trainIdx.map((i) => inputs[i] as FeatureVector),
      trainIdx.map((i) => targets[i] as Float64Array),
      classes,
      options,
    );
    inputs.forEach((x, i) => {
      if (i % FOLDS === fold) out[i] = rawScores(model, x);
    });
  }
  return out;
}

export function softmax(scores: Float64Array, temperature: number): Float64Array {
  return softmaxInPlace(Float64Array.from(scores), temperature);
}

/** The temperature with the lowest negative log-likelihood (a grid: the curve is smooth). */
function bestTemperature(scores: Float64Array[], truth: number[]): number {
  let best = 1;
  let bestLoss = Infinity;
  for (let step = 5; step <= 300; step++) {
    const t = step / 100;
    let loss = 0;
    scores.forEach((s, i) => {
      loss -= Math.log(Math.max(softmax(s, t)[truth[i] ?? 0] ?? 0, 1e-12));
    });
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}

/**
 * The `other` threshold that names the most examples right out of fold. At most one half, so that
 * `other`'s score (one minus the top intent's) is never below the intent it was preferred to.
 */
function bestThreshold(probabilities: Float64Array[], truth: number[]): number {
  const other = INTENTS.indexOf('other');
  let best = 0;
  let bestRight = -1;
  for (let step = 0; step <= 50; step++) {
    const t = step / 100;
    let right = 0;
    probabilities.forEach((p, i) => {
      let top = 0;
      p.forEach((v, k) => {
        if (v > (p[top] ?? 0)) top = k;
      });
      const answer = (p[top] ?? 0) >= t ? top : other;
      if (answer === truth[i]) right++;
    });
    if (right > bestRight) {
      bestRight = right;
      best = t;
    }
  }
  return best;
}

/** int8 weights with one scale per head: the largest weight maps to 127. */
function head(model: Trained, classes: string[], temperature: number, threshold: number): Head {
  let max = 0;
  for (const w of model.weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const bytes = new Int8Array(model.weights.length);
  model.weights.forEach((w, i) => {
    bytes[i] = Math.max(-127, Math.min(127, Math.round(w / scale)));
  });
  return { classes, weights: Buffer.from(bytes.buffer).toString('base64'), scale, temperature, threshold };
}
