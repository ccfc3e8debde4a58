// The console's whole working day in one run, as issue 6 describes it: an admin creates an agent
// on the admin page; the agent signs in in a second browser; a customer's message reaches the
// agent's queue live; the agent answers with a canned response; a supervisor in a third browser
// transfers the conversation; the supervisor's dashboard counts each step as it happens.
// Screenshots go to test-artifacts/console/flow-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { cleanPage, signIn } from './world.mjs';
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

/** A signed-in page in its own browser context, failing the test on console errors. */
async function signedIn(login, password) {
  const opened = await cleanPage(browser, { viewport: { width: 1280, height: 900 } });
  await signIn(opened.page, host, login, password);
  return opened;
}

const figure = async (page, testId) => Number(await page.getByTestId(testId).textContent());

test('an admin creates an agent who answers a customer live; a supervisor transfers and the dashboard follows', async () => {
  // Set-up an integrator would do: two teams, an API inbox for Suporte, a supervisor of both, a
  // global canned response.
  const suporte = (await host.gql('mutation { createTeam(input: { name: "Suporte" }) { id } }')).createTeam.id;
  const financeiro = (await host.gql('mutation { createTeam(input: { name: "Financeiro" }) { id } }')).createTeam.id;
  const inbox = (await host.gql('mutation($t: ID!) { createInbox(input: { name: "App Minha Conta", kind: API, teamId: $t }) { id } }', { t: suporte })).createInbox.id;
  const sofiaPassword = 'senha-da-sofia-2026';
  const { createUser: sofia } = await host.gql(
    'mutation($p: String!) { createUser(input: { name: "Sofia Supervisora", email: "sofia@provedor.com.br", username: "sofia", password: $p, role: SUPERVISOR }) { id } }',
    { p: sofiaPassword },
  );
  for (const team of [suporte, financeiro]) await host.gql('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: team, u: sofia.id });
  await host.gql('mutation { createCannedResponse(input: { shortcut: "ola", scope: GLOBAL, content: "Olá {{contact.first_name}}, já vou verificar." }) { id } }');

  // 1. The admin creates the agent on the admin page and puts her in Suporte.
  const admin = await signedIn('admin@ispchat.local', host.password);
  await admin.page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Administração' }).click();
  const form = admin.page.getByRole('form', { name: 'Novo usuário' });
  await form.getByLabel('Nome', { exact: true }).fill('Ana Souza');
  await form.getByLabel('E-mail').fill('ana@provedor.com.br');
  await form.getByLabel('Usuário').fill('ana');
  const anaPassword = await form.getByLabel('Senha inicial').inputValue();
  await form.getByRole('button', { name: 'Criar usuário' }).click();
  await admin.page.getByTestId('user-ana').getByText('Ana Souza').waitFor();
  await admin.page.getByRole('navigation', { name: 'Seções da administração' }).getByRole('link', { name: 'Equipes' }).click();
  const team = admin.page.getByTestId('team-Suporte');
  await team.getByLabel('Adicionar membro').selectOption({ label: 'Ana Souza (@ana)' });
  await team.getByRole('button', { name: 'Adicionar membro' }).click();
  await team.getByText('Membros (2)').waitFor();
  await admin.page.screenshot({ path: join(artifacts, 'flow-admin-team.png'), fullPage: true });

  // 2. The supervisor watches the dashboard; the agent signs in with the password she was given.
  const supervisor = await signedIn('sofia', sofiaPassword);
  await supervisor.page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Painel' }).click();
  await supervisor.page.getByRole('heading', { name: 'Painel de supervisão' }).waitFor();
  assert.equal(await figure(supervisor.page, 'created-today'), 0);
  const agent = await signedIn('ana', anaPassword);
  await agent.page.getByRole('button', { name: 'Fila' }).click();
  const list = agent.page.getByRole('listbox', { name: 'Conversas' });
  await agent.page.getByText('Nenhuma conversa aqui.').waitFor();

  // 3. A customer writes: the agent's queue and the supervisor's counters change without a reload.
  const { postIncomingMessage } = await host.gql(
    'mutation($i: ID!) { postIncomingMessage(inboxId: $i, contact: { name: "Maria da Silva", identifier: "assinante-42" }, content: "Estou sem internet desde ontem") { conversationId } }',
    { i: inbox },
  );
  const id = postIncomingMessage.conversationId;
  const item = list.locator(`[data-conversation="${id}"]`);
  await item.getByText('Maria da Silva').waitFor();
  await eventually('the dashboard counting the new conversation', async () =>
    (await figure(supervisor.page, 'created-today')) === 1 && (await figure(supervisor.page, 'count-queued')) === 1);

  // 4. The agent opens it and answers with the canned response.
  await item.click();
  const thread = agent.page.getByRole('list', { name: 'Mensagens' });
  await thread.getByText('Estou sem internet desde ontem').waitFor();
  const composer = agent.page.getByRole('textbox', { name: 'Resposta ao cliente' });
  await composer.fill('/ol');
  await agent.page.getByRole('option', { name: /ola/ }).waitFor();
  await composer.press('Enter');
  await eventually('the canned response filled in', async () => (await composer.inputValue()) === 'Olá Maria, já vou verificar.');
  await composer.press('Enter');
  await thread.getByText('Olá Maria, já vou verificar.').waitFor();
  await agent.page.getByTestId('conversation-summary').getByText('Com Ana Souza').waitFor();
  await eventually('the dashboard moving it from queued to open', async () =>
    (await figure(supervisor.page, 'count-queued')) === 0 && (await figure(supervisor.page, 'count-open')) === 1);
  await agent.page.screenshot({ path: join(artifacts, 'flow-agent-reply.png') });
  const { conversation: answered } = await host.gql(
    'query($c: ID!) { conversation(id: $c) { assignee { name } messages(last: 5) { nodes { content direction private } } } }',
    { c: id },
  );
  assert.equal(answered.assignee.name, 'Ana Souza');
  assert.ok(answered.messages.nodes.some((m) => m.content === 'Olá Maria, já vou verificar.' && m.direction === 'OUTGOING' && !m.private));

  // 5. The supervisor transfers it to Financeiro with a note; the agent sees it at once.
  const dashboard = supervisor.page.url();
  await supervisor.page.goto(`${host.url}/inbox/${id}`);
  await supervisor.page.getByRole('list', { name: 'Mensagens' }).getByText('Olá Maria, já vou verificar.').waitFor();
  await supervisor.page.getByRole('toolbar', { name: 'Ações da conversa' }).getByRole('button', { name: 'Transferir' }).click();
  const transfer = supervisor.page.getByRole('dialog', { name: 'Transferir conversa' });
  await transfer.getByLabel('Equipe').selectOption({ label: 'Financeiro' });
  await transfer.getByLabel('Nota para quem receber').fill('Cobrança em dobro: ver com o financeiro.');
  await transfer.getByRole('button', { name: 'Transferir' }).click();
  await transfer.waitFor({ state: 'detached' });
  await agent.page.getByTestId('transfer-notice').getByText('Transferida para Financeiro').waitFor();

  // 6. Back on the dashboard: the conversation waits in Financeiro's queue.
  await supervisor.page.goto(dashboard);
  await supervisor.page.getByRole('heading', { name: 'Painel de supervisão' }).waitFor();
  await eventually('the dashboard showing it queued again', async () =>
    (await figure(supervisor.page, 'count-queued')) === 1 && (await figure(supervisor.page, 'count-open')) === 0);
  const queue = supervisor.page.locator(`[data-queue="${financeiro}"]`);
  assert.equal((await queue.locator('td').first().textContent()).trim(), '1');
  await supervisor.page.screenshot({ path: join(artifacts, 'flow-dashboard.png'), fullPage: true });
  const { conversation: moved } = await host.gql('query($c: ID!) { conversation(id: $c) { status team { name } assignee { id } } }', { c: id });
  assert.deepEqual(moved, { status: 'QUEUED', team: { name: 'Financeiro' }, assignee: null });

  assert.deepEqual(admin.problems, []);
  assert.deepEqual(agent.problems, []);
  assert.deepEqual(supervisor.problems, []);
  for (const session of [admin, agent, supervisor]) await session.context.close();
});
