// The conversation view in real Chromium against a real server: the contact panel, delivery
// ticks, and the actions: an agent replies, sets the priority and a label; a supervisor in another browser context transfers the
// conversation to another team with a note, and the agent's open page follows it live.
// Screenshots go to test-artifacts/console/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { cleanPage, createUser, signIn } from './world.mjs';
import { eventually, repo, startHost } from './host.mjs';

const artifacts = join(repo, 'test-artifacts', 'console');
let host;
let browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  host = await startHost();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

test('an agent replies, sets priority and a label; a supervisor transfers it and the agent sees it live', async () => {
  const suporte = (await host.gql('mutation { createTeam(input: { name: "Suporte" }) { id } }')).createTeam.id;
  const financeiro = (await host.gql('mutation { createTeam(input: { name: "Financeiro" }) { id } }')).createTeam.id;
  const ana = await createUser(host, { name: 'Ana Souza', username: 'ana', role: 'AGENT', teams: [suporte] });
  const bruno = await createUser(host, { name: 'Bruno Lima', username: 'bruno', role: 'SUPERVISOR', teams: [suporte, financeiro] });
  await host.gql('mutation { createLabel(input: { name: "fibra", description: "Cliente de fibra", color: "#16a34a" }) { name } }');
  await host.gql('mutation { createLabel(input: { name: "vip", color: "#9333ea" }) { name } }');
  const inbox = (await host.gql('mutation($t: ID!) { createInbox(input: { name: "Portal do assinante", kind: API, teamId: $t }) { id } }', { t: suporte })).createInbox.id;
  const post = async (content) => (await host.gql(
    'mutation($i: ID!, $c: String!) { postIncomingMessage(inboxId: $i, contact: { name: "João Pereira", identifier: "assinante-77", phone: "+5511988887777", email: "joao@example.com", document: "52998224725", customAttributes: { plano: "Fibra 500", cidade: "Campinas" } }, content: $c) { conversationId } }',
    { i: inbox, c: content },
  )).postIncomingMessage.conversationId;
  // An earlier conversation of the same customer, resolved: the contact panel links to it.
  const earlier = await post('Internet lenta ontem à noite');
  const { setConversationStatus: resolved } = await host.gql('mutation($c: ID!) { setConversationStatus(conversationId: $c, status: RESOLVED) { protocol } }', { c: earlier });
  const id = await post('Minha fatura veio em dobro');
  assert.notEqual(id, earlier);

  // Ana opens it, replies (which makes it hers), sets the priority and a label.
  const agent = await cleanPage(browser);
  await signIn(agent.page, host, ana.username, ana.password);
  await agent.page.goto(`${host.url}/inbox/${id}`);
  const thread = agent.page.getByRole('list', { name: 'Mensagens' });
  await thread.getByText('Minha fatura veio em dobro').waitFor();
  const composer = agent.page.getByRole('textbox', { name: 'Resposta ao cliente' });
  await composer.fill('Olá João, vou verificar sua fatura.');
  await composer.press('Enter');
  await thread.getByText('Olá João, vou verificar sua fatura.').waitFor();
  const summary = agent.page.getByTestId('conversation-summary');
  await summary.getByText('Com Ana Souza').waitFor();

  // Delivery ticks follow the integrator's reports live; a failure shows its reason.
  const outgoing = async () => (await host.gql('query($id: ID!) { conversation(id: $id) { messages(last: 10) { nodes { id content direction } } } }', { id }))
    .conversation.messages.nodes.filter((message) => message.direction === 'OUTGOING');
  const [reply] = await outgoing();
  await host.gql('mutation($m: ID!) { updateMessageDelivery(messageId: $m, state: READ) { id } }', { m: reply.id });
  await thread.locator(`[data-message="${reply.id}"] [data-delivery="READ"]`).getByText('Lida').waitFor();
  await composer.fill('Pode me enviar a foto da fatura?');
  await composer.press('Enter');
  await thread.getByText('Pode me enviar a foto da fatura?').waitFor();
  // The thread shows a sent reply before the server has stored it: wait for the stored one.
  const second = await eventually('the second reply stored', async () => (await outgoing()).find((message) => message.content === 'Pode me enviar a foto da fatura?'));
  await host.gql('mutation($m: ID!) { updateMessageDelivery(messageId: $m, state: FAILED, error: "Número bloqueado pelo cliente") { id } }', { m: second.id });
  // Why it failed, in the agent's language; the integration's own words as the detail.
  const failure = thread.locator(`[data-message="${second.id}"] [data-failure="REPORTED"]`);
  await failure.getByText('Não entregue: o canal informou que a mensagem falhou.').waitFor();
  await failure.getByText('Detalhe técnico: Número bloqueado pelo cliente').waitFor();
  assert.equal(await thread.locator(`[data-message="${reply.id}"] [data-delivery]`).getAttribute('data-delivery'), 'READ');

  // The emoji picker inserts at the caret; Escape closes it and gives focus back to its button.
  await composer.fill('Obrigado!');
  await composer.evaluate((area) => area.setSelectionRange(8, 8));
  const emojiButton = agent.page.getByRole('button', { name: 'Inserir emoji' });
  await emojiButton.click();
  await agent.page.getByRole('group', { name: 'Inserir emoji' }).getByRole('button', { name: '👍' }).click();
  assert.equal(await composer.inputValue(), 'Obrigado👍!');
  await emojiButton.click();
  await agent.page.getByRole('group', { name: 'Inserir emoji' }).waitFor();
  await agent.page.keyboard.press('Escape');
  await agent.page.getByRole('group', { name: 'Inserir emoji' }).waitFor({ state: 'detached' });
  assert.equal(await agent.page.evaluate(() => document.activeElement?.getAttribute('aria-controls')), 'emoji-grid');
  await composer.fill('');

  // An image sent from the composer (multipart sendAttachment) shows inline, loaded.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  await agent.page.getByLabel('Anexar arquivo').setInputFiles({ name: 'modem.png', mimeType: 'image/png', buffer: png });
  await agent.page.getByTestId('attachment').getByText('modem.png').waitFor();
  await composer.fill('Foto do modem');
  await composer.press('Enter');
  const image = thread.getByRole('img', { name: 'modem.png' });
  await image.waitFor();
  await thread.getByText('Foto do modem').waitFor();
  assert.equal(await agent.page.getByTestId('attachment').count(), 0);
  assert.ok(await image.evaluate(async (img) => { await img.decode(); return img.naturalWidth === 1; }), 'the image loads from its signed link');

  // The contact panel: details, custom attributes, the earlier conversation as a link.
  const contact = agent.page.getByRole('complementary', { name: 'Contato' });
  await contact.getByText('+5511988887777').waitFor();
  for (const text of ['joao@example.com', '529.982.247-25', 'Fibra 500', 'Campinas']) assert.ok(await contact.getByText(text).isVisible(), text);
  const link = contact.getByRole('list', { name: 'Outras conversas' }).getByRole('link', { name: `Protocolo ${resolved.protocol}` });
  assert.equal(await link.getAttribute('href'), `/inbox/${earlier}`);
  await agent.page.screenshot({ path: join(artifacts, 'conversation-contact.png') });

  const actions = agent.page.getByRole('toolbar', { name: 'Ações da conversa' });
  await actions.getByLabel('Prioridade').selectOption('HIGH');
  await agent.page.getByRole('status').filter({ hasText: 'Prioridade alterada.' }).waitFor();
  await summary.getByText('Alta').waitFor();
  await actions.locator('summary', { hasText: 'Etiquetas' }).click();
  await actions.getByRole('checkbox', { name: 'fibra' }).check();
  await agent.page.getByRole('list', { name: 'Etiquetas' }).getByText('fibra').waitFor();
  assert.equal(await actions.getByRole('checkbox', { name: 'fibra' }).isChecked(), true);
  assert.equal(await actions.getByRole('checkbox', { name: 'vip' }).isChecked(), false);
  await actions.locator('summary', { hasText: 'Etiquetas' }).click();

  // The transfer dialog: Escape closes it and focus returns to the button that opened it.
  await actions.getByRole('button', { name: 'Transferir' }).click();
  const dialog = agent.page.getByRole('dialog', { name: 'Transferir conversa' });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('Agente').count(), 0, 'agents cannot list users, so they pick a team');
  await agent.page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await agent.page.evaluate(() => document.activeElement?.textContent), 'Transferir');
  await agent.page.screenshot({ path: join(artifacts, 'conversation-actions.png') });

  // Keyboard: `?` lists the shortcuts (Escape closes), `r` goes to the reply.
  await agent.page.keyboard.press('?');
  const help = agent.page.getByRole('dialog', { name: 'Atalhos de teclado' });
  await help.getByText('Pegar para mim').waitFor();
  await agent.page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached' });
  await agent.page.keyboard.press('r');
  assert.equal(await agent.page.evaluate(() => document.activeElement?.id), 'composer');


  // Bruno, a supervisor in another browser, transfers it to Financeiro with a note.
  const supervisor = await cleanPage(browser);
  await signIn(supervisor.page, host, bruno.username, bruno.password);
  await supervisor.page.goto(`${host.url}/inbox/${id}`);
  await supervisor.page.getByRole('list', { name: 'Mensagens' }).getByText('Olá João, vou verificar sua fatura.').waitFor();
  await supervisor.page.getByRole('toolbar', { name: 'Ações da conversa' }).getByRole('button', { name: 'Transferir' }).click();
  const transfer = supervisor.page.getByRole('dialog', { name: 'Transferir conversa' });
  // Nothing chosen: said before anything is sent.
  await transfer.getByRole('button', { name: 'Transferir' }).click();
  await transfer.getByRole('alert').filter({ hasText: 'Escolha uma equipe ou um agente.' }).waitFor();
  await transfer.getByLabel('Equipe').selectOption({ label: 'Financeiro' });
  await transfer.getByLabel('Nota para quem receber').fill('Cobrança duplicada, ver com o financeiro.');
  await transfer.getByRole('button', { name: 'Transferir' }).click();
  await transfer.waitFor({ state: 'detached' });
  await supervisor.page.getByTestId('conversation-summary').getByText('Financeiro').waitFor();

  // Ana's page shows the transfer at once, with the note.
  const notice = agent.page.getByTestId('transfer-notice');
  await notice.getByText('Transferida para Financeiro').waitFor();
  await notice.getByText('Cobrança duplicada, ver com o financeiro.').waitFor();
  await summary.getByText('Financeiro').waitFor();
  await summary.getByText('Sem agente').waitFor();
  await agent.page.screenshot({ path: join(artifacts, 'conversation-transferred.png') });

  // Stored: team, priority and labels.
  const { conversation } = await host.gql('query($id: ID!) { conversation(id: $id) { team { name } assignee { name } priority labels status } }', { id });
  assert.deepEqual(conversation, { team: { name: 'Financeiro' }, assignee: null, priority: 'HIGH', labels: ['fibra'], status: 'QUEUED' });

  assert.deepEqual(agent.problems, []);
  assert.deepEqual(supervisor.problems, []);
  await agent.context.close();
  await supervisor.context.close();
});
