// `make eval`: trains on the training split exactly as the build does, then scores the held-out
// split with the shipped (quantised) model and prints what it gets right. Exits non-zero under
// the targets. `--writers` adds a harsher figure: each corpus file scored by a model trained on
// the other files only (another writer's style, never seen).
import { INTENTS, SENTIMENTS } from '../src/labels';
import type { Intent, SentimentLevel } from '../src/labels';
import { languageOf } from '../src/language';
import { Model } from '../src/model';
import type { Reading } from '../src/model';
import { readCorpus, split } from './corpus';
import type { Example } from './corpus';
import { fit } from './fit';

export const TARGETS = { intentAccuracy: 0.92, sentimentMacroF1: 0.85 };
const CONFIDENT = 0.8;

export interface Report {
  examples: number;
  intentAccuracy: number;
  perIntent: { intent: Intent; precision: number; recall: number; support: number }[];
  outOfScopeRecall: number;
  confidentlyWrong: number;
  alsoRecall: number;
  calibrationError: number;
  sentimentMacroF1: number;
  sentimentAccuracy: number;
  sentimentWithinOne: number;
  perSentiment: { sentiment: SentimentLevel; precision: number; recall: number; support: number }[];
  languageAccuracy: number;
}

export function evaluate(model: Model, examples: Example[]): Report {
  const readings: Reading[] = examples.map((e) => model.read(e.text));
  const intentPairs = examples.map((e, i) => [e.intent, readings[i]?.intent ?? 'other'] as const);
  const sentimentPairs = examples.map((e, i) => [e.sentiment, readings[i]?.sentiment ?? 'neutral'] as const);
  const perIntent = INTENTS.map((intent) => ({ intent, ...precisionRecall(intentPairs, intent) }));
  const perSentiment = SENTIMENTS.map((sentiment) => ({ sentiment, ...precisionRecall(sentimentPairs, sentiment) }));
  const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
  const withAlso = examples.map((e, i) => ({ e, r: readings[i] })).filter(({ e }) => e.also !== undefined);
  return {
    examples: examples.length,
    intentAccuracy: share(intentPairs, ([t, p]) => t === p),
    perIntent,
    outOfScopeRecall: perIntent.find((p) => p.intent === 'other')?.recall ?? 0,
    confidentlyWrong: share(examples.map((e, i) => ({ e, r: readings[i] })), ({ e, r }) => r !== undefined && r.intent !== e.intent && r.confidence >= CONFIDENT),
    alsoRecall: share(withAlso, ({ e, r }) => (r?.intents.slice(0, 3) ?? []).some((s) => s.label === e.also)),
    calibrationError: expectedCalibrationError(readings, intentPairs.map(([t]) => t)),
    sentimentMacroF1: perSentiment.reduce((sum, s) => sum + f1(s.precision, s.recall), 0) / perSentiment.length,
    sentimentAccuracy: share(sentimentPairs, ([t, p]) => t === p),
    sentimentWithinOne: share(sentimentPairs, ([t, p]) => Math.abs(SENTIMENTS.indexOf(t) - SENTIMENTS.indexOf(p)) <= 1),
    perSentiment,
    languageAccuracy: share(examples, (e) => languageOf(e.text) === e.lang),
  };
}

function precisionRecall<L>(pairs: readonly (readonly [L, L])[], label: L): { precision: number; recall: number; support: number } {
  const support = pairs.filter(([t]) => t === label).length;
  const predicted = pairs.filter(([, p]) => p === label).length;
  const right = pairs.filter(([t, p]) => t === label && p === label).length;
  return { precision: predicted === 0 ? 0 : right / predicted, recall: support === 0 ? 0 : right / support, support };
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.length === 0 ? 0 : items.filter(test).length / items.length;
}

/** Mean gap between the stated confidence and the observed accuracy, over ten confidence bins. */
function expectedCalibrationError(readings: Reading[], truth: Intent[]): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, confidence: 0, right: 0 }));
  readings.forEach((r, i) => {
    const bin = bins[Math.min(9, Math.floor(r.confidence * 10))];
    if (!bin) return;
    bin.n++;
    bin.confidence += r.confidence;
    if (r.intent === truth[i]) bin.right++;
  });
  return bins.reduce((sum, b) => sum + (b.n === 0 ? 0 : (b.n / readings.length) * Math.abs(b.confidence / b.n - b.right / b.n)), 0);
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function printReport(title: string, report: Report): void {
  console.log(`\n${title} (${report.examples} messages)`);
  console.log(`  intent accuracy        ${pct(report.intentAccuracy)}   (target ≥ ${pct(TARGETS.intentAccuracy)})`);
  console.log(`  out-of-scope recall    ${pct(report.outOfScopeRecall)}   (\`other\` found when it is other)`);
  console.log(`  confidently wrong      ${pct(report.confidentlyWrong)}   (wrong with confidence ≥ ${CONFIDENT})`);
  console.log(`  second intent in top 3 ${pct(report.alsoRecall)}`);
  console.log(`  calibration error      ${report.calibrationError.toFixed(3)}   (expected, 10 bins)`);
  console.log(`  sentiment macro-F1     ${report.sentimentMacroF1.toFixed(3)}   (target ≥ ${TARGETS.sentimentMacroF1}); accuracy ${pct(report.sentimentAccuracy)}, within one level ${pct(report.sentimentWithinOne)}`);
  console.log(`  language               ${pct(report.languageAccuracy)}`);
  console.log('  intent             precision  recall  support');
  for (const p of report.perIntent) console.log(`  ${p.intent.padEnd(18)} ${pct(p.precision).padStart(8)} ${pct(p.recall).padStart(7)} ${String(p.support).padStart(8)}`);
  console.log('  sentiment          precision  recall  support');
  for (const p of report.perSentiment) console.log(`  ${p.sentiment.padEnd(18)} ${pct(p.precision).padStart(8)} ${pct(p.recall).padStart(7)} ${String(p.support).padStart(8)}`);
}

function main(): void {
  const corpus = readCorpus();
  const { train, heldOut } = split(corpus);
  const started = performance.now();
  const model = new Model(fit(train).data);
  console.log(`isp-intents: ${corpus.length} messages, trained on ${train.length} in ${((performance.now() - started) / 1000).toFixed(1)} s, ${heldOut.length} held out`);
  const report = evaluate(model, heldOut);
  printReport('Held-out split', report);

  if (process.argv.includes('--errors')) {
    for (const e of heldOut) {
      const r = model.read(e.text);
      if (r.intent !== e.intent || r.sentiment !== e.sentiment) {
        console.log(`  ${e.intent}/${e.sentiment} → ${r.intent} (${r.confidence.toFixed(2)})/${r.sentiment}: ${e.text.slice(0, 110).replace(/\n/g, ' ')}`);
      }
    }
  }

  if (process.argv.includes('--writers')) {
    for (const source of [...new Set(corpus.map((e) => e.source))]) {
      const unseen = new Model(fit(train.filter((e) => e.source !== source)).data);
      const r = evaluate(unseen, corpus.filter((e) => e.source === source));
      console.log(`  writer ${source.padEnd(12)} unseen: intent ${pct(r.intentAccuracy)}, sentiment macro-F1 ${r.sentimentMacroF1.toFixed(3)}`);
    }
  }

  const failures = [
    report.intentAccuracy < TARGETS.intentAccuracy ? `intent accuracy ${pct(report.intentAccuracy)} < ${pct(TARGETS.intentAccuracy)}` : '',
    report.sentimentMacroF1 < TARGETS.sentimentMacroF1 ? `sentiment macro-F1 ${report.sentimentMacroF1.toFixed(3)} < ${TARGETS.sentimentMacroF1}` : '',
  ].filter((f) => f !== '');
  if (failures.length > 0) {
    console.error(`\nmake eval: under target: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1]?.endsWith('eval.ts')) main();
