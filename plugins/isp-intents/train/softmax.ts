// Multinomial logistic regression over hashed sparse features, trained by AdaGrad with L2
// weight decay. Deterministic: a seeded shuffle and a fixed order of float operations.
import type { FeatureVector } from '../src/features';
import { softmaxInPlace } from '../src/model';

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Buckets seen in fewer training messages are dropped (noise, and model size). */
  minCount: number;
  seed: number;
}

export const DEFAULT_OPTIONS: TrainOptions = { epochs: 40, learningRate: 0.5, l2: 1e-5, minCount: 1, seed: 17 };

export interface Trained {
  /** Sorted buckets the model has weights for. */
  buckets: Uint32Array;
  /** Row `r` holds the weights of `buckets[r]`, `classes` of them. */
  weights: Float64Array;
  classes: number;
}

/** `targets[i]` is a probability distribution over the classes for example `i`. */
export function train(inputs: FeatureVector[], targets: Float64Array[], classes: number, options: TrainOptions = DEFAULT_OPTIONS): Trained {
  const counts = new Map<number, number>();
  for (const x of inputs) for (const b of x.buckets) counts.set(b, (counts.get(b) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= options.minCount).map(([b]) => b).sort((a, b) => a - b);
  const rowOf = new Map<number, number>(kept.map((b, r) => [b, r]));
  const weights = new Float64Array(kept.length * classes);
  const squares = new Float64Array(kept.length * classes).fill(1e-8);

  const rows = inputs.map((x) => {
    const r: number[] = [];
    const v: number[] = [];
    x.buckets.forEach((b, i) => {
      const row = rowOf.get(b);
      if (row !== undefined) {
        r.push(row);
        v.push(x.values[i] ?? 0);
      }
    });
    return { r, v };
  });

  const random = mulberry32(options.seed);
  const order = inputs.map((_, i) => i);
  const scores = new Float64Array(classes);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { r, v } = rows[i] ?? { r: [], v: [] };
      const target = targets[i] ?? new Float64Array(classes);
      scoresOf(r, v, weights, classes, scores);
      softmaxInPlace(scores);
      for (let f = 0; f < r.length; f++) {
        const base = (r[f] ?? 0) * classes;
        const value = v[f] ?? 0;
        for (let k = 0; k < classes; k++) {
          const g = value * ((scores[k] ?? 0) - (target[k] ?? 0)) + options.l2 * (weights[base + k] ?? 0);
          squares[base + k] = (squares[base + k] ?? 0) + g * g;
          weights[base + k] = (weights[base + k] ?? 0) - (options.learningRate * g) / Math.sqrt(squares[base + k] ?? 1);
        }
      }
    }
  }
  return { buckets: Uint32Array.from(kept), weights, classes };
}

function scoresOf(r: number[], v: number[], weights: Float64Array, classes: number, out: Float64Array): void {
  out.fill(0);
  for (let f = 0; f < r.length; f++) {
    const base = (r[f] ?? 0) * classes;
    const value = v[f] ?? 0;
    for (let k = 0; k < classes; k++) out[k] = (out[k] ?? 0) + value * (weights[base + k] ?? 0);
  }
}

/** Raw class scores (before softmax) of an input under a trained model. */
export function rawScores(model: Trained, x: FeatureVector): Float64Array {
  const out = new Float64Array(model.classes);
  x.buckets.forEach((b, i) => {
    const row = findRow(model.buckets, b);
    if (row < 0) return;
    const value = x.values[i] ?? 0;
    for (let k = 0; k < model.classes; k++) out[k] = (out[k] ?? 0) + value * (model.weights[row * model.classes + k] ?? 0);
  });
  return out;
}

function findRow(sorted: Uint32Array, bucket: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = sorted[mid] ?? 0;
    if (value === bucket) return mid;
    if (value < bucket) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i] ?? 0;
    items[i] = items[j] ?? 0;
    items[j] = a;
  }
}
