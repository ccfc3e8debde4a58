// The web chat widget in real Chromium against a real server: a visitor on an ISP's page fills
// the pre-chat form, writes, sees the agent's reply arrive live, and rates the conversation.
// Screenshots go to test-artifacts/widget/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { eventually, freePort, repo, startHost } from './host.mjs';

const artifacts = join(repo, 'test-artifacts', 'widget');
let host;
let site;
let siteUrl;
let browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  const sitePort = await freePort();
  siteUrl = `http://127.0.0.1:${sitePort}`;
  host = await startHost({ corsOrigin: siteUrl });
  const inbox = await host.gql(
    `mutation { createInbox(input: { name: "Site", kind: WEB, widget: {
        color: "#0b6e4f",
        greeting: [{ locale: "pt-BR", text: "Olá! Como podemos ajudar?" }, { locale: "en", text: "Hi! How can we help?" }],
        preChatForm: { enabled: true, requireName: true, requireEmailOrPhone: true, cpf: OPTIONAL } } }) { id } }`,
  );
  const inboxId = inbox.createInbox.id;
  // The ISP's own site, on another origin, embedding the snippet.
  site = createServer((_, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Provedor Exemplo</title>
      <meta name="viewport" content="width=device-width, initial-scale=1"></head>
      <body><h1>Provedor Exemplo — Internet fibra</h1>
      <script src="${host.url}/widget.js" data-inbox-id="${inboxId}" async></script></body></html>`);
  });
  await new Promise((resolve) => site.listen(sitePort, '127.0.0.1', resolve));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
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
  await page.goto(siteUrl);

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
  assert.deepEqual(errors, []);
});

test('the widget fits a phone screen', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 700 }, locale: 'en-US', isMobile: true });
  await page.goto(siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByText('Hi! How can we help?').waitFor();
  const panel = await page.getByRole('dialog').boundingBox();
  assert.ok(panel !== null && panel.width <= 375 && panel.height <= 700, JSON.stringify(panel));
  await page.screenshot({ path: join(artifacts, '4-mobile-en.png') });
});
