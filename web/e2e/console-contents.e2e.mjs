// What customers send that is not text, and why a reply failed, shown in Portuguese: the host
// stores data (a location, a reaction, a template, a type the channel cannot show, a typed
// failure), never English sentences, and the console says each in the reader's language. The
// messages come in through the real WhatsApp plugin, as Meta's signed webhooks (the plugin's
// fixtures of Meta's documented payloads); the failure is a file sent through WhatsApp while the
// server has no public address. Screenshots go to test-artifacts/console/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Blob } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { cleanPage, signIn } from './world.mjs';
import { eventually, repo, startHost } from './host.mjs';

const artifacts = join(repo, 'test-artifacts', 'console');
const APP_SECRET = 'e2e-whatsapp-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
let host;
let browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  host = await startHost({ plugins: ['whatsapp'] });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

/** One of the plugin's fixtures, as a message of ours: its own id, sent now. */
function fixture(name, id) {
  const payload = JSON.parse(readFileSync(join(repo, 'plugins', 'whatsapp', 'test', 'fixtures', `${name}.json`), 'utf8'));
  const message = payload.entry[0].changes[0].value.messages[0];
  message.id = id;
  message.timestamp = String(Math.floor(Date.now() / 1000));
  return JSON.stringify(payload);
}

/** Posts a webhook the way Meta does: the raw body signed with the app secret. */
async function deliver(inbox, body) {
  const signature = createHmac('sha256', APP_SECRET).update(body).digest('hex');
  const response = await fetch(`${host.url}/webhooks/${inbox}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
    body,
  });
  assert.equal(response.status, 200, await response.text());
}

/** `sendAttachment` as a GraphQL multipart request, as the console sends files. */
async function sendFile(conversationId) {
  const form = new FormData();
  form.set('operations', JSON.stringify({
    query: 'mutation($c: ID!, $f: Upload!) { sendAttachment(conversationId: $c, file: $f, caption: "Segunda via do boleto") { id } }',
    variables: { c: conversationId, f: null },
  }));
  form.set('map', JSON.stringify({ 0: ['variables.f'] }));
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  form.set('0', new Blob([png], { type: 'image/png' }), 'boleto.png');
  const response = await fetch(`${host.url}/graphql/upload`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body: form });
  const body = await response.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data.sendAttachment.id;
}

test('a location, a reaction, a template, an unsupported message and a failed delivery read in Portuguese', async () => {
  await host.gql(
    'mutation($s: JSON!) { configurePlugin(id: "whatsapp", input: { settings: $s, secrets: [{ name: "app-secret", value: "e2e-whatsapp-app-secret" }, { name: "verify-token", value: "e2e-verify" }, { name: "access-token", value: "EAA-e2e" }] }) { id } }',
    { s: { 'phone-number-id': PHONE_NUMBER_ID } },
  );
  const inbox = (await host.gql('mutation { createInbox(input: { name: "WhatsApp", kind: WHATSAPP, pluginId: "whatsapp" }) { id } }')).createInbox.id;
  await deliver(inbox, fixture('location', 'wamid.e2e-location'));
  await deliver(inbox, fixture('reaction', 'wamid.e2e-reaction'));
  await deliver(inbox, fixture('unsupported', 'wamid.e2e-unsupported'));
  const conversationId = await eventually('the customer\'s messages stored', async () => {
    const { conversations } = await host.gql('{ conversations(first: 5) { nodes { id messages(last: 10) { nodes { id } } } } }');
    const found = conversations.nodes.find((c) => c.messages.nodes.length >= 3);
    return found?.id;
  });
  await host.gql(
    'mutation($c: ID!) { sendTemplate(conversationId: $c, template: { name: "fatura_vencida", language: "pt_BR", parameters: ["Maria", "R$ 99,90"] }) { id } }',
    { c: conversationId },
  );
  const fileId = await sendFile(conversationId);

  const { page, problems } = await cleanPage(browser, { viewport: { width: 1280, height: 900 } });
  await signIn(page, host, 'admin@ispchat.local', host.password);
  await page.goto(`${host.url}/inbox/${conversationId}`);
  const history = page.getByRole('list', { name: 'Mensagens' });
  await history.getByText('📍 Localização (37.48331, -122.14898)').waitFor();
  await history.getByRole('link', { name: 'Abrir no mapa' }).waitFor();
  // The place's name is data the customer sent, kept as the text.
  await history.getByText('Main Street Beach, 1 Hacker Way, Menlo Park, CA 94025').waitFor();
  await history.getByText('Reagiu com 👍').waitFor();
  await history.getByText(/^O canal não mostra este tipo de mensagem \(unsupported\)/).waitFor();
  await history.getByText('Modelo “fatura_vencida” (pt_BR)').waitFor();
  await history.getByText('Maria, R$ 99,90').waitFor();
  const failure = history.locator(`[data-message="${fileId}"] [data-failure="NO_PUBLIC_URL"]`);
  await failure.waitFor({ timeout: 30_000 });
  assert.match(await failure.textContent(), /^Não entregue: arquivos só saem pelos canais depois que o endereço público do servidor é configurado/);
  await page.screenshot({ path: join(artifacts, 'message-contents-pt-BR.png'), fullPage: true });

  // Nothing of the host's English placeholders of before.
  const text = await history.textContent();
  for (const english of ['[location', '[reaction', '[unsupported', 'Template fatura_vencida']) assert.equal(text.includes(english), false, english);
  assert.deepEqual(problems, []);
  await page.close();
});
