import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { ClassifierExports } from '@ispchat/plugin-sdk/testing';
import type { Classification, Message } from '@ispchat/plugin-sdk';
import { classify } from '../src/index';
import { featureVector, namedFeatures } from '../src/features';
import { INTENTS } from '../src/labels';
import { languageOf } from '../src/language';
import { decodeBase64 } from '../src/model';
import { tokens } from '../src/text';
import { isHeldOut, readCorpus } from '../train/corpus';

const manifest = new URL('../plugin.toml', import.meta.url);
const wasm = new URL('../dist/isp-intents.wasm', import.meta.url);
let host: FakeHost | undefined;
afterEach(() => host?.uninstall());

const byId = (results: Classification[], id: string): Classification | undefined => results.find((r) => r.messageId === id);
const top = (c: Classification | undefined): string | undefined => c?.labels[0]?.label;

// Written for this test, not taken from the corpus: clear cases any model worth shipping gets right.
function batch(): Message[] {
  return [
    fixtures.message({ id: 'outage', text: 'Bom dia, estou sem internet desde ontem, a luz da ONU está vermelha' }),
    fixtures.message({ id: 'invoice', text: 'oi pode me mandar a segunda via do boleto desse mes?' }),
    fixtures.message({ id: 'hello', text: 'Boa tarde, tudo bem?' }),
    fixtures.message({ id: 'english', text: 'Hi, my fiber internet has been down since this morning' }),
    fixtures.message({ id: 'agent', text: 'Segue a segunda via do boleto', direction: 'outgoing', senderKind: 'agent' }),
    fixtures.message({ id: 'note', text: 'cliente quer cancelar', kind: 'note', senderKind: 'agent' }),
  ];
}

describe('isp-intents (source)', () => {
  test('names the intent, the feeling and the language of clear messages', () => {
    host = FakeHost.forPlugin(manifest).install();
    const results = classify(batch());
    assert.equal(top(byId(results, 'outage')), 'no_connection');
    assert.ok(['negative', 'very-negative'].includes(byId(results, 'outage')?.sentiment ?? ''), 'an outage is negative');
    assert.equal(top(byId(results, 'invoice')), 'billing_invoice');
    assert.equal(top(byId(results, 'hello')), 'greeting');
    assert.equal(byId(results, 'hello')?.sentiment, 'neutral', 'a polite greeting is neutral');
    assert.equal(top(byId(results, 'english')), 'no_connection');
    assert.equal(byId(results, 'english')?.language, 'en');
    assert.equal(byId(results, 'outage')?.language, 'pt-BR');
  });

  test('only incoming text is classified: agent replies and notes get nothing', () => {
    host = FakeHost.forPlugin(manifest).install();
    const ids = classify(batch()).map((r) => r.messageId);
    assert.ok(!ids.includes('agent') && !ids.includes('note'), ids.join(','));
  });

  test('labels are the contract ids, scores in [0, 1], highest first', () => {
    host = FakeHost.forPlugin(manifest).install();
    for (const result of classify(batch())) {
      assert.ok(result.labels.length > 0, result.messageId);
      for (const label of result.labels) {
        assert.ok((INTENTS as readonly string[]).includes(label.label), label.label);
        assert.ok(label.score >= 0 && label.score <= 1, String(label.score));
      }
      const scores = result.labels.map((l) => l.score);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a), result.messageId);
    }
  });

  test('text outside the taxonomy is other', () => {
    host = FakeHost.forPlugin(manifest).install();
    const [result] = classify([fixtures.message({ id: 'x', text: 'vocês vendem ração de cachorro?' })]);
    assert.equal(top(result), 'other');
  });
});

describe('isp-intents text and features', () => {
  test('WhatsApp spellings are spelled out, repeats squeezed, numbers reduced to their shape', () => {
    assert.deepEqual(tokens('Oiii vc pode ver pq a net caiu??'), ['oi', 'voce', 'pode', 'ver', 'porque', 'a', 'internet', 'caiu', '?', '?']);
    assert.deepEqual(tokens('CPF 12345678900, plano de 500 mega'), ['cpf', '#6', 'plano', 'de', '#3', 'mega']);
    assert.deepEqual(tokens('Não está funcionando 😡'), ['nao', 'esta', 'funcionando', '😡']);
  });

  test('a negation turns a positive word into a negative cue', () => {
    assert.ok(namedFeatures('está ótimo').has('f:pos1'));
    assert.ok(namedFeatures('não está ótimo').has('f:neg1'));
    assert.ok(namedFeatures('não está ótimo').has('f:pos0'));
  });

  test('each family weighs the same in a short and a long message', () => {
    const norm = (text: string): number => Math.sqrt([...featureVector(text).values].reduce((s, v) => s + v * v, 0));
    const short = norm('internet está lenta');
    const long = norm('boa noite, a internet aqui em casa está lenta demais desde segunda, o speedtest dá 40 mega de 300 contratados e meu filho não consegue estudar');
    assert.ok(Math.abs(short - long) < 0.05 * short, `${short} vs ${long}`);
  });

  test('languageOf tells pt-BR from English and says nothing when unsure', () => {
    assert.equal(languageOf('Estou sem internet desde ontem'), 'pt-BR');
    assert.equal(languageOf('The internet is down again'), 'en');
    assert.equal(languageOf('ONU'), undefined);
  });

  test('base64 decoding matches Node', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    assert.deepEqual(decodeBase64(Buffer.from(bytes).toString('base64')), bytes);
  });
});

describe('isp-intents corpus', () => {
  test('every line is valid, and about one in five is held out', () => {
    const corpus = readCorpus();
    assert.ok(corpus.length >= 2500, `${corpus.length} messages`);
    const held = corpus.filter(isHeldOut).length / corpus.length;
    assert.ok(held > 0.15 && held < 0.25, String(held));
    for (const intent of INTENTS) assert.ok(corpus.filter((e) => e.intent === intent).length >= 100, intent);
  });
});

describe('isp-intents (built component)', () => {
  test('the component answers like the source', async () => {
    host = FakeHost.forPlugin(manifest).install();
    const expected = classify(batch()).map((r) => [r.messageId, top(r), r.sentiment, r.language ?? undefined]);
    host.uninstall();
    host = undefined;
    const plugin = await loadComponent<ClassifierExports>(wasm, FakeHost.forPlugin(manifest));
    const results = plugin.classify(batch());
    assert.deepEqual(
      results.map((r) => [r.messageId, top(r), r.sentiment, r.language ?? undefined]),
      expected,
    );
  });
});
