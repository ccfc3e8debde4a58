import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { ClassifierExports } from '@ispchat/plugin-sdk/testing';
import type { Classification, Message } from '@ispchat/plugin-sdk';
import { classify } from '../src/index';
import { languageOf, sentimentOf, words } from '../src/classify';
import { keywordLists } from '../src/keywords';

const manifest = new URL('../plugin.toml', import.meta.url);
const wasm = new URL('../dist/keyword-classifier.wasm', import.meta.url);
let host: FakeHost | undefined;
afterEach(() => host?.uninstall());

const topLabel = (c: Classification | undefined): string | undefined => c?.labels[0]?.label;
const byId = (results: Classification[], id: string): Classification | undefined => results.find((r) => r.messageId === id);

function batch(): Message[] {
  return [
    fixtures.message({ id: 'boleto', text: 'Oi, preciso da SEGUNDA VIA do boleto, já fiz o PIX mas não caiu' }),
    fixtures.message({ id: 'wifi', text: 'Minha internet está muito lenta e o Wi-Fi caiu de novo' }),
    fixtures.message({ id: 'cancel', text: 'Quero cancelar, péssimo atendimento, um absurdo!' }),
    fixtures.message({ id: 'plan', text: 'Queria contratar um plano maior e fazer a mudança de endereço' }),
    fixtures.message({ id: 'en', text: 'Hi, my invoice is wrong and I was charged twice, please fix it' }),
    fixtures.message({ id: 'agent', text: 'Segue a segunda via do boleto', direction: 'outgoing', senderKind: 'agent' }),
    fixtures.message({ id: 'note', text: 'cliente quer cancelar', kind: 'note', senderKind: 'agent' }),
  ];
}

describe('keyword-classifier (source)', () => {
  test('labels an ISP batch in Portuguese and English, ignoring case and accents', () => {
    host = FakeHost.forPlugin(manifest).install();
    const results = classify(batch());
    assert.equal(topLabel(byId(results, 'boleto')), 'financeiro');
    assert.ok((byId(results, 'boleto')?.labels[0]?.score ?? 0) > 0.9, 'three keywords score high');
    assert.equal(topLabel(byId(results, 'wifi')), 'suporte-tecnico');
    assert.equal(topLabel(byId(results, 'cancel')), 'cancelamento');
    assert.equal(topLabel(byId(results, 'plan')), 'comercial');
    assert.equal(topLabel(byId(results, 'en')), 'financeiro');
    assert.equal(byId(results, 'en')?.language, 'en');
    assert.equal(byId(results, 'boleto')?.language, 'pt-BR');
    assert.equal(byId(results, 'cancel')?.sentiment, 'very-negative');
  });

  test('classifies only incoming text: agent replies and notes get nothing', () => {
    host = FakeHost.forPlugin(manifest).install();
    const ids = classify(batch()).map((r) => r.messageId);
    assert.ok(!ids.includes('agent') && !ids.includes('note'), ids.join(','));
    const media = fixtures.message({
      id: 'media',
      kind: 'attachment',
      contents: [{ tag: 'attachment', val: { mimeType: 'image/jpeg', url: 'https://x/1', downloadHeaders: [], fileName: null, sizeBytes: null, caption: 'boleto' } }],
    });
    assert.deepEqual(classify([media]), []);
  });

  test('a message without keywords has no labels and a neutral sentiment', () => {
    host = FakeHost.forPlugin(manifest).install();
    const [result] = classify([fixtures.message({ id: 'x', text: 'bom dia' })]);
    assert.deepEqual(result?.labels, []);
    assert.equal(result?.sentiment, 'positive');
    const [plain] = classify([fixtures.message({ id: 'y', text: 'ok' })]);
    assert.equal(plain?.sentiment, 'neutral');
    assert.equal(plain?.language ?? undefined, undefined);
  });

  test('the keywords setting replaces, adds and removes labels', () => {
    const setting = JSON.stringify({ financeiro: ['carnê'], ouvidoria: ['procon', 'anatel'], comercial: [] });
    host = FakeHost.forPlugin(manifest, { settings: { keywords: setting } }).install();
    const results = classify([
      fixtures.message({ id: 'a', text: 'vou no PROCON e na Anatel' }),
      fixtures.message({ id: 'b', text: 'cadê meu carne?' }),
      fixtures.message({ id: 'c', text: 'segunda via do boleto' }),
      fixtures.message({ id: 'd', text: 'quero um plano maior' }),
    ]);
    assert.equal(topLabel(byId(results, 'a')), 'ouvidoria');
    assert.equal(topLabel(byId(results, 'b')), 'financeiro');
    assert.deepEqual(byId(results, 'c')?.labels, []);
    assert.deepEqual(byId(results, 'd')?.labels, []);
  });

  test('a malformed keywords setting is a plugin-error naming it', () => {
    host = FakeHost.forPlugin(manifest, { settings: { keywords: '{"financeiro": "boleto"}' } }).install();
    assert.throws(
      () => classify([fixtures.message({ text: 'boleto' })]),
      (error: unknown) => (error as { payload?: { code?: string; message?: string } }).payload?.code === 'invalid-setting',
    );
    assert.throws(() => keywordLists('not json'), /not valid JSON/);
  });
});

describe('keyword-classifier rules', () => {
  test('words ignore case, accents and punctuation', () => {
    assert.deepEqual(words('Conexão  WI-FI!'), ['conexao', 'wi', 'fi']);
  });

  test('negation flips the sentiment of the next words', () => {
    assert.equal(sentimentOf(words('não está bom')), 'negative');
    assert.equal(sentimentOf(words('not good at all')), 'negative');
    assert.equal(sentimentOf(words('excelente, obrigado!')), 'very-positive');
  });

  test('the language is given only when the stopwords are clear', () => {
    assert.equal(languageOf('Estou sem internet desde ontem'), 'pt-BR');
    assert.equal(languageOf('The internet is down again'), 'en');
    assert.equal(languageOf('internet'), undefined);
    assert.equal(languageOf('ok ok'), undefined);
  });
});

describe('keyword-classifier (built component)', () => {
  test('the component labels like the source', async () => {
    const plugin = await loadComponent<ClassifierExports>(wasm, FakeHost.forPlugin(manifest));
    const results = plugin.classify(batch());
    assert.deepEqual(
      results.map((r) => [r.messageId, topLabel(r), r.language ?? undefined]),
      [
        ['boleto', 'financeiro', 'pt-BR'],
        ['wifi', 'suporte-tecnico', 'pt-BR'],
        ['cancel', 'cancelamento', 'pt-BR'],
        ['plan', 'comercial', 'pt-BR'],
        ['en', 'financeiro', 'en'],
      ],
    );
  });
});
