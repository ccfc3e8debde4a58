// The supervisor dashboard and the header's presence switch in real Chromium against a real
// server: an agent's presence and a customer's message reach a supervisor's dashboard live.
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

const number = async (page, testId) => Number(await page.getByTestId(testId).textContent());

test("an agent's presence and a customer's message reach the supervisor's dashboard live", async () => {
  const team = (await host.gql('mutation { createTeam(input: { name: "Suporte" }) { id } }')).createTeam.id;
  const inbox = (await host.gql('mutation($t: ID!) { createInbox(input: { name: "App Minha Conta", kind: API, teamId: $t }) { id } }', { t: team })).createInbox.id;
  const supervisor = await createUser(host, { name: 'Sofia Supervisora', username: 'sofia', role: 'SUPERVISOR', teams: [team] });
  const agent = await createUser(host, { name: 'Ana Agente', username: 'ana', role: 'AGENT', teams: [team] });

  const watcher = await cleanPage(browser, { viewport: { width: 1280, height: 900 } });
  await signIn(watcher.page, host, supervisor.username, supervisor.password);
  await watcher.page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Painel' }).click();
  await watcher.page.getByRole('heading', { name: 'Painel de supervisão' }).waitFor();
  assert.match(await watcher.page.getByTestId('dashboard-since').textContent(), /^Hoje: desde 00:00 de \d\d\/\d\d\/\d{4} \(America\/Sao_Paulo\)/);
  const agentRow = watcher.page.locator(`[data-agent="${agent.id}"]`);
  await agentRow.getByText('Ana Agente').waitFor();
  assert.equal(await agentRow.getAttribute('data-presence'), 'OFFLINE', 'never seen yet');
  assert.equal(await number(watcher.page, 'count-queued'), 0);
  for (const section of ['Conversas', 'Filas por equipe', 'Agentes', 'Tempos de atendimento hoje']) {
    await watcher.page.getByRole('region', { name: section }).waitFor();
  }

  // The agent signs in: that alone makes them online, and the dashboard hears of it.
  const worker = await cleanPage(browser, { viewport: { width: 1280, height: 900 } });
  await signIn(worker.page, host, agent.username, agent.password);
  const nav = worker.page.getByRole('navigation', { name: 'Navegação principal' });
  assert.equal(await nav.getByRole('link', { name: 'Painel' }).count(), 0, 'agents have no dashboard');
  const switcher = worker.page.getByRole('button', { name: 'Disponibilidade: Online' });
  await switcher.waitFor();
  await eventually('the agent shown online', async () => (await agentRow.getAttribute('data-presence')) === 'ONLINE');
  // The supervisor is a member of the team too, and online.
  assert.equal(await number(watcher.page, 'agents-online'), 2);

  // Away by the menu (mouse), then online again by keyboard.
  await switcher.click();
  const menu = worker.page.getByRole('menu', { name: 'Disponibilidade' });
  await menu.waitFor();
  assert.equal(await menu.getByRole('menuitemradio', { name: /Online/ }).getAttribute('aria-checked'), 'true');
  const box = await menu.boundingBox();
  await worker.page.screenshot({ path: join(artifacts, 'presence-menu.png'), clip: { x: Math.max(0, box.x - 160), y: 0, width: box.width + 320, height: box.y + box.height + 16 } });
  await menu.getByRole('menuitemradio', { name: /Ausente/ }).click();
  await worker.page.getByRole('button', { name: 'Disponibilidade: Ausente' }).waitFor();
  await eventually('the agent shown away', async () => (await agentRow.getAttribute('data-presence')) === 'AWAY');
  assert.equal(await number(watcher.page, 'agents-away'), 1);
  assert.equal(await number(watcher.page, 'agents-online'), 1);
  const stored = await host.gql('query($u: ID!) { user(id: $u) { presence } }', { u: agent.id });
  assert.equal(stored.user.presence, 'AWAY');

  await worker.page.getByRole('button', { name: 'Disponibilidade: Ausente' }).focus();
  await worker.page.keyboard.press('ArrowDown');
  await eventually('the first option focused', async () => (await worker.page.evaluate(() => document.activeElement?.getAttribute('role'))) === 'menuitemradio');
  await worker.page.keyboard.press('Enter');
  await worker.page.getByRole('button', { name: 'Disponibilidade: Online' }).waitFor();
  assert.equal(await menu.count(), 0, 'the menu closes after a choice');
  await eventually('the agent shown online again', async () => (await agentRow.getAttribute('data-presence')) === 'ONLINE');

  // A customer writes: the queue counter and the team's queue change without a reload.
  await host.gql(
    'mutation($i: ID!) { postIncomingMessage(inboxId: $i, contact: { name: "Maria da Silva", identifier: "assinante-42" }, content: "Estou sem internet") { conversationId } }',
    { i: inbox },
  );
  await eventually('the queued counter', async () => (await number(watcher.page, 'count-queued')) === 1);
  assert.equal(await number(watcher.page, 'created-today'), 1);
  const queueRow = watcher.page.locator(`[data-queue="${team}"]`);
  await queueRow.getByText('Suporte').waitFor();
  assert.equal((await queueRow.locator('td').first().textContent()).trim(), '1');
  await watcher.page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });

  assert.deepEqual(watcher.problems, []);
  assert.deepEqual(worker.problems, []);
  await worker.page.close();
  await watcher.page.close();
});

test('an admin filters the dashboard by team, in English', async () => {
  await host.gql('mutation { updateMe(input: { language: EN }) { id } }');
  const { page, problems } = await cleanPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en' });
  await signIn(page, host, 'admin@ispchat.local', host.password, { navigation: 'Main navigation' });
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Supervisor dashboard' }).waitFor();
  assert.match(await page.getByTestId('dashboard-since').textContent(), /^Today: since/);
  const queued = async () => Number(await page.getByTestId('count-queued').textContent());
  await eventually('the queued conversation of the first test', async () => (await queued()) === 1);

  const other = (await host.gql('mutation { createTeam(input: { name: "Financeiro" }) { id } }')).createTeam.id;
  await page.reload();
  await page.getByLabel('Team', { exact: true }).selectOption(other);
  await eventually('an empty team', async () => (await queued()) === 0);
  await page.getByText('Nobody is waiting in a queue.').waitFor();
  await page.getByLabel('Team', { exact: true }).selectOption('');
  await eventually('every team again', async () => (await queued()) === 1);
  await page.getByRole('button', { name: 'Availability: Online' }).waitFor();
  await page.getByRole('button', { name: 'Use the dark theme' }).click();
  await page.screenshot({ path: join(artifacts, 'dashboard-en-dark.png'), fullPage: true });
  await page.getByRole('button', { name: 'Use the light theme' }).click();
  // Back to Portuguese for whoever runs after.
  await host.gql('mutation { updateMe(input: { language: PT_BR }) { id } }');
  assert.deepEqual(problems, []);
  await page.close();
});

/** Polls `probe` for up to `seconds` (presence timeouts are measured in tens of seconds). */
async function within(seconds, what, probe) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`gave up waiting ${seconds} s for ${what}`);
}

test('an idle open console keeps the agent online; closing it makes them offline on the dashboard', async () => {
  // Its own server with the shortest presence timeout the host accepts.
  const short = await startHost({ env: { ISPCHAT_PRESENCE_TIMEOUT: '15s' } });
  try {
    const team = (await short.gql('mutation { createTeam(input: { name: "Plantão" }) { id } }')).createTeam.id;
    const ana = await createUser(short, { name: 'Ana Agente', username: 'ana', role: 'AGENT', teams: [team] });
    const watcher = await cleanPage(browser, { viewport: { width: 1280, height: 900 } });
    await signIn(watcher.page, short, 'admin@ispchat.local', short.password);
    await watcher.page.goto(`${short.url}/dashboard`);
    const row = watcher.page.locator(`[data-agent="${ana.id}"]`);
    await row.waitFor();

    const worker = await cleanPage(browser, { viewport: { width: 1280, height: 900 } });
    await signIn(worker.page, short, ana.username, ana.password);
    await worker.page.getByRole('button', { name: 'Disponibilidade: Online' }).waitFor();
    await within(15, 'the agent online', async () => (await row.getAttribute('data-presence')) === 'ONLINE');

    // Longer than the timeout with no request from the agent's page: its WebSocket beats.
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    assert.equal(await row.getAttribute('data-presence'), 'ONLINE');
    assert.equal((await short.gql('query($u: ID!) { user(id: $u) { presence } }', { u: ana.id })).user.presence, 'ONLINE');

    // The agent closes the console: offline after the timeout, shown live.
    await worker.page.close();
    await within(40, 'the agent offline', async () => (await row.getAttribute('data-presence')) === 'OFFLINE');
    assert.deepEqual(watcher.problems, []);
    assert.deepEqual(worker.problems, []);
    await watcher.page.close();
  } finally {
    await short.stop();
  }
});
