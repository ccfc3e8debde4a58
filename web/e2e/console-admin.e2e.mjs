// The console's Admin pages in real Chromium against a real server (the binary `cargo build`
// made after `npm run build`, with the console embedded at `/`): an admin invites an agent,
// makes a team with them, opens a web inbox and copies its snippet, installs a plugin from its
// package and turns it off and on, writes a canned response, and finds all of it in the audit
// log. Screenshots of each page go to test-artifacts/console/admin-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { cleanPage } from './world.mjs';
import { eventually, repo, startHost } from './host.mjs';

const artifacts = join(repo, 'test-artifacts', 'console');
const pluginDist = join(repo, 'plugins', 'echo-bot', 'dist');
let host;
let browser;
let scratch;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  scratch = mkdtempSync(join(tmpdir(), 'ispchat-admin-e2e-'));
  host = await startHost();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The echo bot's built dist/ folder as the package an admin uploads (`tar -cf x.tar dist`). */
function echoBotPackage() {
  if (!existsSync(join(pluginDist, 'echo-bot.wasm'))) throw new Error(`${pluginDist} is not built: run make plugins (plugins/build-all.sh) first`);
  const file = join(scratch, 'echo-bot.tar');
  execFileSync('tar', ['-cf', file, '-C', join(repo, 'plugins', 'echo-bot'), 'dist/plugin.toml', 'dist/echo-bot.wasm']);
  return file;
}

const loginWorks = async (login, password) => {
  const response = await fetch(`${host.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($l: String!, $p: String!) { login(login: $l, password: $p) { accessToken } }', variables: { l: login, p: password } }),
  });
  const body = await response.json();
  return !body.errors && typeof body.data?.login?.accessToken === 'string';
};

test('an admin invites an agent, builds a team, a web inbox and a plugin, and sees it all audited', async () => {
  const { page, problems } = await cleanPage(browser, { viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'], origin: host.url });
  await page.goto(`${host.url}/`);
  await page.getByLabel('E-mail ou usuário').fill('admin@ispchat.local');
  await page.getByLabel('Senha').fill(host.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Administração' }).click();
  await page.getByRole('heading', { name: 'Usuários' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/admin/users');
  const sections = page.getByRole('navigation', { name: 'Seções da administração' });

  // Users: mistakes are named next to their field, first by the page, then by the server.
  const form = page.getByRole('form', { name: 'Novo usuário' });
  await form.getByLabel('Nome', { exact: true }).fill('Ana Souza');
  await form.getByLabel('E-mail').fill('ana@');
  await form.getByLabel('Usuário').fill('admin');
  await form.getByRole('button', { name: 'Criar usuário' }).click();
  await form.getByText('Informe um e-mail válido, como nome@provedor.com.br.').waitFor();
  assert.equal(await form.getByLabel('E-mail').getAttribute('aria-invalid'), 'true');
  await form.getByLabel('E-mail').fill('ana@provedor.com.br');
  await form.getByRole('button', { name: 'Criar usuário' }).click();
  // "admin" is taken: the server's CONFLICT on input.username, said under that field.
  await page.locator('#user-username-error').getByText('Já está em uso.').waitFor();
  assert.equal(await form.getByLabel('E-mail').getAttribute('aria-invalid'), null);
  await form.getByLabel('Usuário').fill('ana');
  const initial = await form.getByLabel('Senha inicial').inputValue();
  assert.equal(initial.length, 16);
  await form.getByRole('button', { name: 'Criar usuário' }).click();
  await page.getByText('Senha de ana. Anote e repasse agora').waitFor();
  assert.equal(await page.getByTestId('one-time-password').textContent(), initial);
  const ana = page.getByTestId('user-ana');
  await ana.getByText('Ana Souza').waitFor();
  const { users } = await host.gql('{ users(filter: { search: "ana@provedor" }) { nodes { id role status } } }');
  assert.equal(users.nodes.length, 1);
  assert.equal(users.nodes[0].role, 'AGENT');
  const anaId = users.nodes[0].id;
  assert.ok(await loginWorks('ana', initial), 'the password shown once is the one set');

  // Reset her password: the new one is shown once too, and works.
  await ana.getByRole('button', { name: 'Redefinir senha' }).click();
  const reset = await ana.getByLabel('Nova senha de ana').inputValue();
  await ana.getByRole('button', { name: 'Salvar' }).click();
  await eventually('the reset password shown', async () => (await page.getByTestId('one-time-password').textContent()) === reset);
  assert.ok(await loginWorks('ana', reset), 'the reset password works');
  assert.equal(await loginWorks('ana', initial), false, 'the old one no longer does');

  // Role: a supervisor, then back.
  await ana.getByLabel('Papel').selectOption('SUPERVISOR');
  await eventually('the role saved', async () => (await host.gql('query($id: ID!) { user(id: $id) { role } }', { id: anaId })).user.role === 'SUPERVISOR');
  await ana.getByLabel('Papel').selectOption('AGENT');
  await eventually('the role back', async () => (await host.gql('query($id: ID!) { user(id: $id) { role } }', { id: anaId })).user.role === 'AGENT');
  await page.screenshot({ path: join(artifacts, 'admin-users.png'), fullPage: true });

  // Teams: create one and add Ana.
  await sections.getByRole('link', { name: 'Equipes' }).click();
  await page.getByRole('heading', { name: 'Equipes', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Criar equipe' }).click();
  await page.locator('#new-team-name-error').getByText('Preencha este campo.').waitFor();
  await page.getByLabel('Nome da equipe').fill('Suporte Técnico');
  await page.getByLabel('Descrição').fill('Primeiro nível');
  await page.getByRole('button', { name: 'Criar equipe' }).click();
  const team = page.getByTestId('team-Suporte Técnico');
  await team.getByRole('heading', { name: 'Suporte Técnico' }).waitFor();
  await team.getByLabel('Adicionar membro').selectOption({ label: 'Ana Souza (@ana)' });
  await team.getByRole('button', { name: 'Adicionar membro' }).click();
  await team.getByText('Membros (1)').waitFor();
  const { teams } = await host.gql('{ teams { id name members { username } } }');
  const support = teams.find((item) => item.name === 'Suporte Técnico');
  assert.deepEqual(support.members.map((member) => member.username), ['ana']);
  // A second team, renamed and deleted after a confirmation.
  await page.getByLabel('Nome da equipe').fill('Temporária');
  await page.getByRole('button', { name: 'Criar equipe' }).click();
  const temporary = page.getByTestId('team-Temporária');
  await temporary.getByRole('button', { name: 'Renomear' }).click();
  await temporary.getByLabel('Nome da equipe').fill('Descartável');
  await temporary.getByRole('button', { name: 'Salvar' }).click();
  const disposable = page.getByTestId('team-Descartável');
  await disposable.getByRole('button', { name: 'Excluir' }).click();
  // Focus moves to Cancel: Enter there cancels; the team stays.
  await eventually('focus on Cancel', () => page.evaluate(() => document.activeElement?.textContent === 'Cancelar'));
  await page.keyboard.press('Enter');
  await disposable.getByRole('button', { name: 'Excluir' }).click();
  await disposable.getByRole('button', { name: 'Confirmar' }).click();
  await eventually('the team deleted', async () => (await disposable.count()) === 0);
  assert.deepEqual((await host.gql('{ teams { name } }')).teams.map((item) => item.name), ['Suporte Técnico']);
  await page.screenshot({ path: join(artifacts, 'admin-teams.png'), fullPage: true });

  // Inboxes: a web inbox for the team, and its snippet to paste into the site.
  await sections.getByRole('link', { name: 'Caixas e canais' }).click();
  await page.getByLabel('Nome da caixa').fill('Site');
  assert.equal(await page.getByLabel('Canal', { exact: true }).inputValue(), 'WEB');
  await page.getByLabel('Equipe que atende').selectOption({ label: 'Suporte Técnico' });
  await page.getByLabel('Cor', { exact: true }).fill('verde');
  await page.getByRole('button', { name: 'Criar caixa' }).click();
  await page.getByText('Use uma cor no formato #rrggbb.').waitFor();
  await page.getByLabel('Cor', { exact: true }).fill('#1d4ed8');
  await page.getByRole('button', { name: 'Criar caixa' }).click();
  const site = page.getByTestId('inbox-Site');
  const snippet = site.getByTestId('widget-snippet');
  await snippet.waitFor();
  const { inboxes } = await host.gql('{ inboxes { id name kind team { name } widget { color } widgetSnippet } }');
  const created = inboxes.find((inbox) => inbox.name === 'Site');
  assert.equal(created.kind, 'WEB');
  assert.equal(created.team.name, 'Suporte Técnico');
  assert.equal(created.widget.color, '#1d4ed8');
  assert.equal(await snippet.textContent(), created.widgetSnippet);
  assert.match(created.widgetSnippet, new RegExp(created.id));
  await site.getByRole('button', { name: 'Copiar: Código para colar no site' }).click();
  await site.getByText('Copiado.').first().waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), created.widgetSnippet);
  // The identity secret, replaced after a confirmation.
  const secret = site.getByTestId('identity-secret');
  const before = await secret.textContent();
  assert.equal(before, (await host.gql('query($id: ID!) { inbox(id: $id) { widgetIdentitySecret } }', { id: created.id })).inbox.widgetIdentitySecret);
  await site.getByRole('button', { name: 'Trocar segredo' }).click();
  await site.getByRole('button', { name: 'Confirmar' }).click();
  await eventually('the new identity secret shown', async () => (await secret.textContent()) !== before);
  assert.equal(await secret.textContent(), (await host.gql('query($id: ID!) { inbox(id: $id) { widgetIdentitySecret } }', { id: created.id })).inbox.widgetIdentitySecret);
  await page.screenshot({ path: join(artifacts, 'admin-inboxes.png'), fullPage: true });

  // Plugins: install the echo bot from its package, then enable, disable and enable it again.
  await sections.getByRole('link', { name: 'Plugins' }).click();
  // The server runs the bundled web chat plugin (see host.mjs); the echo bot is not there yet.
  await page.getByTestId('plugin-webchat').waitFor();
  assert.equal(await page.getByTestId('plugin-echo-bot').count(), 0);
  await page.getByLabel('Pacote (.tar)').setInputFiles(echoBotPackage());
  await page.getByRole('button', { name: 'Instalar', exact: true }).click();
  const plugin = page.getByTestId('plugin-echo-bot');
  await plugin.waitFor({ timeout: 180_000 });
  await page.getByText('Instalado: Echo bot 1.0.0.').waitFor();
  const state = plugin.getByTestId('plugin-state');
  assert.match(await state.textContent(), /^Desativado/);
  const enabled = async () => (await host.gql('{ plugin(id: "echo-bot") { enabled } }')).plugin.enabled;
  await plugin.getByRole('button', { name: 'Ativar', exact: true }).click();
  await eventually('the plugin enabled', async () => (await state.textContent()) === 'Ativado');
  assert.equal(await enabled(), true);
  await plugin.getByRole('button', { name: 'Desativar', exact: true }).click();
  await eventually('the plugin disabled', async () => (await state.textContent()) === 'Desativado por um administrador');
  assert.equal(await enabled(), false);
  await plugin.getByRole('button', { name: 'Ativar', exact: true }).click();
  await eventually('the plugin enabled again', async () => (await state.textContent()) === 'Ativado');
  assert.equal(await enabled(), true);
  // A setting: the bot's language.
  await plugin.getByLabel('Language').selectOption('en');
  await plugin.getByRole('button', { name: 'Salvar' }).click();
  await plugin.getByText('Salvo.').waitFor();
  const settings = (await host.gql('{ plugin(id: "echo-bot") { settings { key value } } }')).plugin.settings;
  assert.equal(settings.find((setting) => setting.key === 'language').value, 'en');
  await plugin.getByText('Nenhum erro recente.').waitFor();
  await page.screenshot({ path: join(artifacts, 'admin-plugins.png'), fullPage: true });

  // Canned responses: a global one.
  await sections.getByRole('link', { name: 'Respostas prontas' }).click();
  await page.getByLabel('Atalho').fill('Boas Vindas');
  await page.getByLabel('Texto').fill('Olá {{contact.first_name}}!');
  await page.getByRole('button', { name: 'Criar resposta' }).click();
  await page.getByText('Use de 1 a 32 letras minúsculas, números, “-” ou “_”.').waitFor();
  await page.getByLabel('Atalho').fill('boas-vindas');
  await page.getByRole('button', { name: 'Criar resposta' }).click();
  await page.getByTestId('canned-boas-vindas').getByText('Olá {{contact.first_name}}!').waitFor();
  assert.deepEqual((await host.gql('{ cannedResponses { shortcut scope } }')).cannedResponses, [{ shortcut: 'boas-vindas', scope: 'GLOBAL' }]);
  await page.screenshot({ path: join(artifacts, 'admin-canned.png'), fullPage: true });

  // Deactivating Ana asks first, then she can no longer sign in.
  await sections.getByRole('link', { name: 'Usuários' }).click();
  await ana.getByRole('button', { name: 'Desativar', exact: true }).click();
  await ana.getByRole('group', { name: 'Desativar Ana Souza? A pessoa sai de todas as sessões.' }).getByRole('button', { name: 'Confirmar' }).click();
  await ana.getByText('Desativado', { exact: true }).waitFor();
  assert.equal((await host.gql('query($id: ID!) { user(id: $id) { status } }', { id: anaId })).user.status, 'INACTIVE');
  assert.equal(await loginWorks('ana', reset), false);

  // The audit log shows every change above, newest first, and filters by family.
  await sections.getByRole('link', { name: 'Registro de auditoria' }).click();
  const table = page.getByRole('table', { name: 'Registro de auditoria' });
  await table.getByRole('cell', { name: 'user.create' }).first().waitFor();
  const actions = await table.locator('tbody tr td:nth-child(3)').allTextContents();
  for (const action of ['user.create', 'user.update', 'team.create', 'team.add_member', 'team.update', 'team.delete', 'inbox.create',
    'inbox.rotate_widget_secret', 'plugin.install', 'plugin.enable', 'plugin.disable', 'plugin.configure', 'canned_response.create']) {
    assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
  }
  assert.ok(actions.indexOf('plugin.disable') > actions.indexOf('plugin.configure'), 'newest first');
  await page.screenshot({ path: join(artifacts, 'admin-audit.png'), fullPage: true });
  await page.getByLabel('Ação', { exact: true }).fill('plugin.');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await eventually('only plugin entries', async () => {
    const shown = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    // The echo bot's install, enable, disable, enable, configure, and the bundled webchat's install.
    return shown.length === 6 && shown.every((action) => action.startsWith('plugin.'));
  });
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('the admin pages speak English and are keyboard usable', async () => {
  await host.gql('mutation { updateMe(input: { language: EN }) { id } }');
  const { page, problems } = await cleanPage(browser, { viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'], origin: host.url });
  await page.goto(`${host.url}/admin/teams`);
  await page.getByLabel('E-mail ou usuário').fill('admin@ispchat.local');
  await page.getByLabel('Senha').fill(host.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
  // Keyboard only: the name field, then Enter submits the form.
  await page.getByLabel('Team name').focus();
  await page.keyboard.type('Suporte Técnico');
  await page.keyboard.press('Enter');
  // Taken: the server's CONFLICT on input.name, in English under the field.
  await page.locator('#new-team-name-error').getByText('Already in use.').waitFor();
  assert.equal(await page.getByLabel('Team name').getAttribute('aria-invalid'), 'true');
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('columnheader', { name: 'Action' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'admin-audit-en.png') });
  assert.deepEqual(problems, []);
  await page.context().close();
});
