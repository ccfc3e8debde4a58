// The web chat widget in real Chromium against a real server: a visitor on an ISP's page fills
// the pre-chat form, writes, sees the agent's reply arrive live, and rates the conversation.
// Screenshots go to test-artifacts/widget/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { eventually, freePort, repo, startHost } from './host.mjs';

const artifacts = join(repo, 'test-artifacts', 'widget');
let host;
let site;
let siteUrl;
let browser;
let inboxId;
let closedInboxId;
let identitySecret;

/** The ISP's page with the snippet for `inbox`, and optionally a logged-in subscriber's identity. */
const pageUrl = (inbox, identifier) => `${siteUrl}/?inbox=${inbox}${identifier ? `&identifier=${encodeURIComponent(identifier)}` : ''}`;

/** A 1×1 PNG: the host checks a file's type by its first bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A visitor on the page who went through the pre-chat form. */
async function visitor(name, phone) {
  const page = await browser.newPage({ locale: 'pt-BR' });
  await page.goto(pageUrl(inboxId));
  await page.getByRole('button', { name: 'Abrir o chat' }).click();
  await page.getByLabel('Nome').fill(name);
  await page.getByLabel('Telefone ou WhatsApp').fill(phone);
  await page.getByRole('button', { name: 'Iniciar conversa' }).click();
  await page.getByLabel('Escreva sua mensagem').waitFor();
  return page;
}

async function say(page, text) {
  const composer = page.getByLabel('Escreva sua mensagem');
  await composer.fill(text);
  await composer.press('Enter');
}

/** The agents' view of the conversation that contains `text`. */
async function conversationWith(text) {
  return eventually(`the conversation with "${text}"`, async () => {
    const data = await host.gql('query($q: String) { conversations(filter: { search: $q }) { nodes { id contact { id name } } } }', { q: text });
    return data.conversations.nodes[0];
  });
}

async function messagesOf(conversationId) {
  const data = await host.gql('query($c: ID!) { conversation(id: $c) { messages(last: 50) { nodes { content direction senderKind attachments { fileName contentType } } } } }', { c: conversationId });
  return data.conversation.messages.nodes;
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  const sitePort = await freePort();
  siteUrl = `http://127.0.0.1:${sitePort}`;
  host = await startHost({ corsOrigin: siteUrl });
  const inbox = await host.gql(
    `mutation { createInbox(input: { name: "Site", kind: WEB, widget: {
        color: "#0b6e4f",
        greeting: [{ locale: "pt-BR", text: "Olá! Como podemos ajudar?" }, { locale: "en", text: "Hi! How can we help?" }],
        preChatForm: { enabled: true, requireName: true, requireEmailOrPhone: true, cpf: OPTIONAL } } }) { id pluginId widgetIdentitySecret } }`,
  );
  // The bundled webchat plugin serves new web inboxes (see host.mjs).
  assert.equal(inbox.createInbox.pluginId, process.env.ISPCHAT_E2E_PLUGINS === 'none' ? null : 'webchat');
  inboxId = inbox.createInbox.id;
  identitySecret = inbox.createInbox.widgetIdentitySecret;
  // Open one hour on a weekday three days from today (UTC): closed now, whatever the day.
  const weekday = ((new Date().getUTCDay() + 6 + 3) % 7) + 1;
  const closed = await host.gql(
    `mutation($day: Int!) { createInbox(input: { name: "Site fechado", kind: WEB, widget: {
        offlineMessage: [{ locale: "pt-BR", text: "Estamos fechados. Deixe seu recado." }],
        businessHours: { timezone: "UTC", days: [{ weekday: $day, intervals: ["09:00-10:00"] }] },
        preChatForm: { enabled: true, requireName: true, requireEmailOrPhone: true } } }) { id } }`,
    { day: weekday },
  );
  closedInboxId = closed.createInbox.id;
  // The ISP's own site, on another origin, embedding the snippet (and, for a logged-in
  // subscriber, the identity its server signed).
  site = createServer((request, response) => {
    const query = new URL(request.url ?? '/', siteUrl).searchParams;
    const identifier = query.get('identifier');
    const settings = identifier
      ? `<script>window.ispchatSettings = ${JSON.stringify({ identifier, identifierHash: createHmac('sha256', identitySecret).update(identifier).digest('hex') })};</script>`
      : '';
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Provedor Exemplo</title>
      <meta name="viewport" content="width=device-width, initial-scale=1"></head>
      <body><h1>Provedor Exemplo — Internet fibra</h1>${settings}
      <script src="${host.url}/widget.js" data-inbox-id="${query.get('inbox')}" async></script></body></html>`);
  });
  await new Promise((resolve) => site.listen(sitePort, '127.0.0.1', resolve));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  site?.close();
  await host?.stop();
});

test('a visitor talks to an agent and rates the conversation', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'pt-BR' });
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(pageUrl(inboxId));

  await page.getByRole('button', { name: 'Abrir o chat' }).click();
  await page.getByText('Olá! Como podemos ajudar?').waitFor();
  // The form names what is missing before anything is sent.
  await page.getByRole('button', { name: 'Iniciar conversa' }).click();
  await page.getByText('Informe um e-mail ou um telefone.').waitFor();
  await page.getByLabel('Nome').fill('Maria Oliveira');
  await page.getByLabel('Telefone ou WhatsApp').fill('(11) 98765-4321');
  await page.screenshot({ path: join(artifacts, '1-prechat.png') });
  await page.getByRole('button', { name: 'Iniciar conversa' }).click();

  const composer = page.getByLabel('Escreva sua mensagem');
  await composer.fill('Minha internet caiu desde ontem');
  await composer.press('Enter');
  // Shown at once, and once: the stored copy replaces the local one whether the send's answer or
  // the live event comes first (a strict locator fails on two).
  await page.getByText('Minha internet caiu desde ontem').waitFor();

  // The agent finds it and answers.
  const conversation = await eventually('the conversation at the agents', async () => {
    const data = await host.gql('{ conversations(filter: { search: "caiu" }) { nodes { id contact { name phone } } } }');
    return data.conversations.nodes[0];
  });
  assert.equal(conversation.contact.name, 'Maria Oliveira');
  assert.equal(conversation.contact.phone, '+5511987654321');
  await host.gql('mutation($c: ID!) { sendMessage(conversationId: $c, content: "Olá Maria! Vou verificar sua conexão.") { id } }', { c: conversation.id });
  // Live, without reloading the page.
  await page.getByText('Olá Maria! Vou verificar sua conexão.').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(artifacts, '2-conversation.png') });

  // Resolved: the widget asks for a rating.
  await host.gql('mutation($c: ID!) { setConversationStatus(conversationId: $c, status: RESOLVED) { id } }', { c: conversation.id });
  await page.getByText('Como você avalia este atendimento?').waitFor({ timeout: 10_000 });
  await page.getByLabel('5 de 5').check({ force: true });
  await page.getByLabel('Comentário (opcional)').fill('Atendimento rápido');
  await page.screenshot({ path: join(artifacts, '3-rating.png') });
  await page.getByRole('button', { name: 'Enviar avaliação' }).click();
  await page.getByText('Obrigado pela avaliação!').waitFor();

  const rated = await host.gql('query($c: ID!) { conversation(id: $c) { satisfaction { score comment } } }', { c: conversation.id });
  assert.deepEqual(rated.conversation.satisfaction, { score: 5, comment: 'Atendimento rápido' });
  // Back on the page later: thanked again, not asked to rate twice.
  await page.reload();
  await page.getByRole('button', { name: 'Abrir o chat' }).click();
  await page.getByText('Obrigado pela avaliação!').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByText('Como você avalia este atendimento?').count(), 0);
  assert.deepEqual(errors, []);
});

test('the widget fits a phone screen', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 700 }, locale: 'en-US', isMobile: true });
  await page.goto(pageUrl(inboxId));
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByText('Hi! How can we help?').waitFor();
  const panel = await page.getByRole('dialog').boundingBox();
  assert.ok(panel !== null && panel.width <= 375 && panel.height <= 700, JSON.stringify(panel));
  await page.screenshot({ path: join(artifacts, '4-mobile-en.png') });
});

test('typing, read receipts and a file reach the visitor and the agent', async () => {
  const page = await visitor('João Pereira', '(21) 99876-5432');
  await say(page, 'O roteador está piscando');
  const conversation = await conversationWith('piscando');
  await host.gql('mutation($c: ID!) { sendTyping(conversationId: $c, typing: true) }', { c: conversation.id });
  await page.getByText('Atendente está digitando…').waitFor({ timeout: 10_000 });
  await host.gql('mutation($c: ID!) { markConversationRead(conversationId: $c) { id } }', { c: conversation.id });
  await page.getByText(/· Lida$/).waitFor({ timeout: 10_000 });

  await page.locator('input[type="file"]').setInputFiles({ name: 'roteador.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('img', { name: 'roteador.png' }).waitFor({ timeout: 10_000 });
  const file = await eventually('the file at the agents', async () => (await messagesOf(conversation.id)).find((m) => m.attachments.length > 0));
  assert.deepEqual(file.attachments, [{ fileName: 'roteador.png', contentType: 'image/png' }]);
  await page.screenshot({ path: join(artifacts, '5-typing-read-file.png') });
});

test('a visitor who lost the connection loses nothing', async () => {
  const page = await visitor('Carla Dias', '(31) 98888-7777');
  await say(page, 'Antes da queda');
  const conversation = await conversationWith('queda');

  // The server goes away; what the visitor writes meanwhile is kept and sent once it is back.
  const restarted = host.restart(3000);
  await page.getByText('Sem conexão. Tentando reconectar…').waitFor({ timeout: 10_000 });
  await say(page, 'Escrevi sem conexão');
  await page.getByText('Não enviada').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(artifacts, '6-offline-banner.png') });
  await restarted;
  await eventually('the message written offline at the agents', async () => (await messagesOf(conversation.id)).some((m) => m.content === 'Escrevi sem conexão'));
  await page.getByText('Sem conexão. Tentando reconectar…').waitFor({ state: 'hidden', timeout: 20_000 });
  await host.gql('mutation($c: ID!) { sendMessage(conversationId: $c, content: "Recebido após a volta") { id } }', { c: conversation.id });
  await page.getByText('Recebido após a volta').waitFor({ timeout: 10_000 });
  const contents = (await messagesOf(conversation.id)).map((m) => m.content);
  assert.equal(contents.filter((c) => c === 'Escrevi sem conexão').length, 1, JSON.stringify(contents));
  assert.equal(await page.getByText('Não enviada').count(), 0);
});

test('a subscriber logged in on the site finds their conversation on another device', async () => {
  const first = await browser.newContext({ locale: 'pt-BR' });
  const phone = await first.newPage();
  await phone.goto(pageUrl(inboxId, 'cliente-4711'));
  await phone.getByRole('button', { name: 'Abrir o chat' }).click();
  // The site vouched for who they are: no pre-chat form.
  await say(phone, 'Quero trocar meu plano');
  await phone.getByText('Quero trocar meu plano').waitFor();
  await eventually('the message stored', async () => (await conversationWith('trocar')) !== undefined);

  const second = await browser.newContext({ locale: 'pt-BR' });
  const laptop = await second.newPage();
  await laptop.goto(pageUrl(inboxId, 'cliente-4711'));
  await laptop.getByRole('button', { name: 'Abrir o chat' }).click();
  await laptop.getByText('Quero trocar meu plano').waitFor({ timeout: 10_000 });
  assert.equal(await laptop.getByLabel('Nome').count(), 0);
  await first.close();
  await second.close();
});

test('outside business hours the visitor leaves a message for the agents', async () => {
  // The inbox's hours are in UTC; so is this browser, whatever the machine's zone.
  const page = await browser.newPage({ locale: 'pt-BR', timezoneId: 'UTC' });
  await page.goto(pageUrl(closedInboxId));
  await page.getByRole('button', { name: 'Abrir o chat' }).click();
  await page.getByText('Estamos fechados. Deixe seu recado.').first().waitFor();
  await page.getByText(/Estamos fora do horário de atendimento\. Voltamos .*09:00/).waitFor();
  await page.getByLabel('Nome').fill('Rita Alves');
  await page.getByLabel('E-mail').fill('rita@example.com');
  await page.getByLabel('Mensagem', { exact: true }).fill('Sem sinal desde as 22h');
  await page.getByRole('button', { name: 'Enviar mensagem' }).click();
  await page.getByText('Recebemos sua mensagem. Responderemos em breve.').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(artifacts, '7-offline-form.png') });
  const conversation = await conversationWith('22h');
  assert.equal(conversation.contact.name, 'Rita Alves');
});
