// The agent console in real Chromium against a real server (the binary `cargo build` made after
// `make web`, with the console embedded at `/`). Screenshots go to test-artifacts/console/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, submitLogin, watchProblems } from './browser.mjs';
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

/** The refresh token's cookie as the browser keeps it (Playwright sees HttpOnly cookies). */
async function refreshCookie(page) {
  return (await page.context().cookies()).find((cookie) => cookie.name === 'ispchat_refresh');
}

/** Nothing a script of the page can read holds a token: no refresh token, no access token (JWT). */
async function assertNoReadableTokens(page, refreshToken) {
  const readable = await page.evaluate(() => JSON.stringify([Object.entries(window.localStorage), Object.entries(window.sessionStorage), document.cookie]));
  assert.ok(!readable.includes(refreshToken), readable);
  assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(readable), readable);
  assert.ok(!readable.includes('ispchat_refresh'), readable);
}

test('an admin signs in, sees the shell, switches language and theme, and signs out', async () => {
  const { page, problems } = await cleanPage(browser);
  await page.goto(`${host.url}/`);
  await page.getByLabel('Senha').fill('wrong password');
  await page.getByLabel('E-mail ou usuário').fill('admin@ispchat.local');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('alert').filter({ hasText: 'Login ou senha incorretos' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'login-refused.png') });
  // A refused login is an expected 200 with an error, not a console error.
  problems.length = 0;

  await signIn(page, host, 'admin@ispchat.local', host.password, { navigation: null });
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await nav.getByRole('link', { name: 'Caixa de entrada' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/inbox');
  for (const name of ['Painel', 'Administração']) assert.ok(await nav.getByRole('link', { name }).isVisible(), name);
  // The refresh token lives in an HttpOnly cookie that only /auth receives.
  const cookie = await refreshCookie(page);
  assert.ok(cookie, 'the refresh token cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(cookie.path, '/auth');
  await assertNoReadableTokens(page, cookie.value);
  await page.screenshot({ path: join(artifacts, 'shell-pt-BR-light.png') });

  await nav.getByRole('link', { name: 'Painel' }).click();
  await page.getByRole('heading', { name: 'Painel de supervisão' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  // Leaving the inbox closes its subscription: that is not a lost connection.
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(await page.getByTestId('connection-banner').count(), 0);

  await page.getByLabel('Idioma').selectOption('en');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboard' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  // The choice is stored in the user's profile, not only in this browser.
  await eventually('the language saved to the profile', async () => (await host.gql('{ me { language } }')).me.language === 'EN');

  await page.getByRole('button', { name: 'Use the dark theme' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
  const background = await page.evaluate(() => window.getComputedStyle(document.body).backgroundColor);
  assert.notEqual(background, 'rgb(241, 245, 249)', 'the dark theme changes the page colours');
  await page.screenshot({ path: join(artifacts, 'shell-en-dark.png') });

  // A reload keeps the session (the page trades the cookie for an access token), the route, the
  // language and the theme.
  const resumed = page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/refresh' && response.status() === 200);
  await page.reload();
  await resumed;
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboard' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
  const rotated = await refreshCookie(page);
  assert.notEqual(rotated.value, cookie.value);
  await assertNoReadableTokens(page, rotated.value);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('ispchat.session')), null);
  await eventually('the cookie cleared', async () => (await refreshCookie(page)) === undefined);
  await page.screenshot({ path: join(artifacts, 'signed-out-en-dark.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a customer's message reaches the agent's list live, and claim next takes it", async () => {
  await host.gql('mutation { updateMe(input: { language: PT_BR }) { id } }');
  const { me } = await host.gql('{ me { id } }');
  const team = (await host.gql('mutation { createTeam(input: { name: "Suporte" }) { id } }')).createTeam.id;
  await host.gql('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: team, u: me.id });
  const inbox = (await host.gql('mutation($t: ID!) { createInbox(input: { name: "Portal do assinante", kind: API, teamId: $t }) { id } }', { t: team })).createInbox.id;
  const post = (content) => host.gql(
    'mutation($i: ID!, $c: String!) { postIncomingMessage(inboxId: $i, contact: { name: "Maria da Silva", identifier: "assinante-42" }, content: $c) { conversationId } }',
    { i: inbox, c: content },
  );

  const { page, problems } = await cleanPage(browser, { viewport: { width: 1024, height: 768 } });
  await signIn(page, host, 'admin@ispchat.local', host.password, { navigation: null });
  await page.getByRole('button', { name: 'Fila' }).click();
  const list = page.getByRole('listbox', { name: 'Conversas' });
  await list.waitFor();
  await page.getByText('Nenhuma conversa aqui.').waitFor();

  // Posted after the list loaded: only the live subscription can bring it.
  const { postIncomingMessage } = await post('Estou sem internet desde ontem');
  const item = list.locator(`[data-conversation="${postIncomingMessage.conversationId}"]`);
  await item.getByText('Maria da Silva').waitFor();
  assert.equal(await item.locator('[data-unread]').getAttribute('data-unread'), '1');
  assert.ok(await item.getByRole('img', { name: 'API' }).isVisible(), 'the channel icon');
  assert.equal(await item.locator('[data-sla]').getAttribute('data-sla'), 'ok');
  await post('Já reiniciei o roteador');
  await eventually('the second unread message', async () => (await item.locator('[data-unread]').getAttribute('data-unread')) === '2');
  await page.screenshot({ path: join(artifacts, 'inbox-live-queue.png') });

  // Keyboard: focus the list and move to the conversation.
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await eventually('the conversation opened by keyboard', async () => new URL(page.url()).pathname === `/inbox/${postIncomingMessage.conversationId}`);

  await page.getByRole('button', { name: 'Pegar a próxima' }).click();
  await page.getByText('Você pegou a conversa de Maria da Silva.').waitFor();
  // Claimed: it leaves the queue and is now the admin's.
  await eventually('the claimed conversation leaving the queue', async () => (await item.count()) === 0);
  await page.getByRole('button', { name: 'Minhas' }).click();
  await list.locator(`[data-conversation="${postIncomingMessage.conversationId}"]`).getByText('Com Administrator').waitFor();
  await page.screenshot({ path: join(artifacts, 'inbox-mine-after-claim.png') });

  // The conversation: history, a canned response by its shortcut, a reply, a note, a draft
  // that survives a reload, a customer's answer arriving live, then resolve.
  await host.gql('mutation { createCannedResponse(input: { shortcut: "sem-internet", scope: PERSONAL, content: "Olá {{contact.first_name}}, vou verificar sua conexão." }) { id } }');
  const conversationId = postIncomingMessage.conversationId;
  const thread = page.getByRole('list', { name: 'Mensagens' });
  await thread.getByText('Já reiniciei o roteador').waitFor();
  const composer = page.getByRole('textbox', { name: 'Resposta ao cliente' });
  await composer.fill('/sem-');
  await page.getByRole('option', { name: /sem-internet/ }).waitFor();
  await composer.press('Enter');
  await eventually('the canned response filled in', async () => (await composer.inputValue()) === 'Olá Maria, vou verificar sua conexão.');
  await composer.press('Enter');
  await thread.getByText('Olá Maria, vou verificar sua conexão.').waitFor();
  await page.getByRole('radio', { name: 'Nota interna' }).check();
  await page.getByRole('textbox', { name: 'Nota interna' }).fill('Cliente da OLT 3');
  await page.getByRole('button', { name: 'Enviar' }).click();
  await thread.getByText('Cliente da OLT 3').waitFor();
  const messages = async () => (await host.gql('query($c: ID!) { conversation(id: $c) { messages(last: 10) { nodes { content direction private } } } }', { c: conversationId })).conversation.messages.nodes;
  // The page shows what it sends at once; the server stores it a moment later.
  await eventually('the reply stored as a reply and the note as a private note', async () => {
    const stored = await messages();
    return stored.some((m) => m.content === 'Olá Maria, vou verificar sua conexão.' && m.direction === 'OUTGOING' && !m.private)
      && stored.some((m) => m.content === 'Cliente da OLT 3' && m.private);
  });

  await page.getByRole('radio', { name: 'Resposta ao cliente' }).check();
  await composer.fill('Pode confirmar o endereço');
  await page.reload();
  await page.getByRole('textbox', { name: 'Resposta ao cliente' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Resposta ao cliente' }).inputValue(), 'Pode confirmar o endereço');
  await post('Rua das Flores, 10');
  await page.getByRole('list', { name: 'Mensagens' }).getByText('Rua das Flores, 10').waitFor();
  await page.screenshot({ path: join(artifacts, 'conversation.png') });
  await page.getByRole('button', { name: 'Resolver' }).click();
  await page.getByText('Conversa resolvida.').waitFor();
  assert.equal((await host.gql('query($c: ID!) { conversation(id: $c) { status } }', { c: conversationId })).conversation.status, 'RESOLVED');

  // Search over the history finds the resolved conversation's message.
  await page.getByRole('searchbox', { name: 'Buscar no histórico' }).fill('roteador');
  const hit = page.getByTestId('message-hits').getByRole('link', { name: /Já reiniciei o roteador/ });
  await hit.waitFor();
  await page.getByRole('link', { name: 'Caixa de entrada' }).click();
  await hit.click();
  await eventually('the conversation opened from a search hit', async () => new URL(page.url()).pathname === `/inbox/${conversationId}`);

  // A tablet in portrait shows the list and the conversation side by side; narrower, the open
  // conversation takes the screen, with a way back to the list.
  await page.setViewportSize({ width: 768, height: 1024 });
  assert.ok(await page.getByRole('listbox', { name: 'Conversas' }).isVisible());
  assert.ok(await page.getByRole('list', { name: 'Mensagens' }).isVisible());
  await page.screenshot({ path: join(artifacts, 'tablet-portrait.png') });
  await page.setViewportSize({ width: 600, height: 900 });
  assert.equal(await page.getByRole('listbox', { name: 'Conversas' }).isVisible(), false);
  await page.getByRole('link', { name: 'Voltar à lista' }).click();
  await page.getByRole('listbox', { name: 'Conversas' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'narrow-inbox.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a lost connection shows a banner and recovers by itself, with what arrived meanwhile', async () => {
  await host.gql('mutation { updateMe(input: { language: PT_BR }) { id } }');
  const inbox = (await host.gql('mutation { createInbox(input: { name: "Integração", kind: API }) { id } }')).createInbox.id;
  const post = (who, content) => host.gql(
    'mutation($i: ID!, $w: String!, $c: String!) { postIncomingMessage(inboxId: $i, contact: { name: $w, identifier: $w }, content: $c) { conversationId } }',
    { i: inbox, w: who, c: content },
  );
  const { page, problems } = await cleanPage(browser);
  await signIn(page, host, 'admin@ispchat.local', host.password, { navigation: null });
  await page.getByRole('button', { name: 'Todas' }).click();
  const list = page.getByRole('listbox', { name: 'Conversas' });
  await list.waitFor();
  const banner = page.getByTestId('connection-banner');

  // Down longer than the console's grace before it calls a connection lost (LOST_AFTER_MS, 3 s).
  const restarting = host.restart(6000);
  await banner.waitFor();
  await page.screenshot({ path: join(artifacts, 'connection-lost.png') });
  await restarting;
  // Posted right after the restart: the client learns of it live or from the reload it does
  // once reconnected (inbox events are not replayed), never not at all.
  await post('João Pereira', 'Voltou a cair a conexão');
  await list.getByText('João Pereira').waitFor({ timeout: 30_000 });
  await banner.waitFor({ state: 'hidden', timeout: 30_000 });
  // The browser logs failed WebSocket handshakes while the server is down: expected here.
  assert.deepEqual(problems.filter((p) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(p)), []);
  await page.close();
});

test('the session refreshes silently, and when it ends the password is asked over the open screen', async () => {
  // 20-second access tokens: the console refreshes about 10 seconds in.
  const short = await startHost({ env: { ISPCHAT_ACCESS_TOKEN_TTL: '20s' } });
  try {
    const { page, problems } = await cleanPage(browser);
    await page.goto(`${short.url}/`);
    await page.getByLabel('E-mail ou usuário').fill('admin@ispchat.local');
    await page.getByLabel('Senha').fill(short.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    const search = page.getByLabel('Buscar no histórico');
    await search.waitFor();
    const cookie = async () => (await refreshCookie(page))?.value;
    const first = await cookie();
    const refreshed = page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/refresh' && response.status() === 200, { timeout: 30_000 });
    await eventually('a silent refresh', async () => ![undefined, first].includes(await cookie()));
    // The page carries on with the new access token, which nothing readable holds.
    const { accessToken } = await (await refreshed).json();
    await assertNoReadableTokens(page, await cookie());
    const searched = page.waitForRequest((r) => new URL(r.url()).pathname === '/graphql' && `${r.url()} ${r.postData()}`.includes('metade'));
    await search.fill('texto pela metade');
    assert.equal((await searched).headers().authorization, `Bearer ${accessToken}`);

    // The sign-in is ended elsewhere (an integrator's `logout` with the cookie's token, as a
    // password change or an admin would end it): the next refresh is refused.
    await short.gql('mutation($r: String!) { logout(refreshToken: $r) }', { r: await cookie() });
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Sua sessão expirou' }).waitFor({ timeout: 30_000 });
    assert.equal(await search.inputValue(), 'texto pela metade');
    await page.screenshot({ path: join(artifacts, 'session-expired-dialog.png') });
    await dialog.getByLabel('E-mail ou usuário').fill('admin@ispchat.local');
    await dialog.getByLabel('Senha').fill(short.password);
    await dialog.getByRole('button', { name: 'Entrar' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await search.inputValue(), 'texto pela metade');
    // The refused refresh is a 401, which Chromium logs: expected here, and nothing else.
    assert.deepEqual(problems.filter((p) => !/^Failed to load resource: the server responded with a status of 401\b/.test(p)), []);
    await page.close();
  } finally {
    await short.stop();
  }
});

test('two tabs share one sign-in: one refreshes for both, a reload resumes it, signing out ends both', async () => {
  // 20-second access tokens: a refresh about every 10 seconds.
  const short = await startHost({ env: { ISPCHAT_ACCESS_TOKEN_TTL: '20s' } });
  const context = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1280, height: 800 } });
  try {
    /** Every access token `/auth/*` handed out, and to which tab. */
    const granted = [];
    const tabs = [];
    for (const tab of [0, 1]) {
      const page = await context.newPage();
      const problems = watchProblems(page);
      page.on('response', async (response) => {
        if (!new URL(response.url()).pathname.startsWith('/auth/') || !response.ok()) return;
        const body = await response.json().catch(() => null);
        if (body?.accessToken) granted.push({ tab, path: new URL(response.url()).pathname, token: body.accessToken });
      });
      tabs.push({ page, problems });
    }
    const [first, second] = tabs;
    await submitLogin(first.page, short.url, 'admin@ispchat.local', short.password);
    await first.page.getByLabel('Buscar no histórico').waitFor();
    // The second tab is signed in by the cookie, which is the browser's.
    await second.page.goto(`${short.url}/inbox`);
    await second.page.getByLabel('Buscar no histórico').waitFor();

    // Two access-token lifetimes of silent refreshes, and a reload, which resumes the sign-in
    // from the cookie in turn with the other tab.
    const before = granted.length;
    await new Promise((resolve) => setTimeout(resolve, 22_000));
    assert.ok(granted.length - before >= 2, 'silent refreshes');
    await second.page.reload();
    await second.page.getByLabel('Buscar no histórico').waitFor();

    // Right after a refresh (its token is used as it is for 5 s: 20 s minus the 15 s margin),
    // the tab that did not ask uses the access token the other one brought.
    const count = granted.length;
    await eventually('the next refresh', async () => granted.length > count);
    const refresh = granted[count];
    const other = tabs[1 - refresh.tab].page;
    const searched = other.waitForRequest((r) => new URL(r.url()).pathname === '/graphql' && `${r.url()} ${r.postData()}`.includes('roteador'));
    await other.getByLabel('Buscar no histórico').fill('roteador');
    assert.equal((await searched).headers().authorization, `Bearer ${refresh.token}`);
    for (const { page } of tabs) await assertNoReadableTokens(page, (await refreshCookie(page)).value);

    // No tab ever presented a spent refresh token: the host saw no reuse.
    const { login } = await short.gql('mutation($p: String!) { login(login: "admin@ispchat.local", password: $p) { accessToken } }', { p: short.password });
    short.token = login.accessToken;
    const reuse = await short.gql('{ auditLog(filter: {action: "auth.refresh_reuse_detected"}) { edges { node { id } } } }');
    assert.deepEqual(reuse.auditLog.edges, []);

    // Signing out in one tab signs the other out too, and clears the cookie.
    await second.page.getByRole('button', { name: 'Sair' }).click();
    await first.page.getByRole('button', { name: 'Entrar' }).waitFor();
    assert.equal(await refreshCookie(first.page), undefined);
    for (const { problems } of tabs) assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await short.stop();
  }
});

test('an agent sees only the inbox, without the All view, and is refused the admin page', async () => {
  const password = 'uma senha bem longa 123';
  await host.gql(
    'mutation($p: String!) { createUser(input: { name: "Ana Souza", email: "ana@provedor.com.br", username: "ana", password: $p, role: AGENT }) { id } }',
    { p: password },
  );
  const { page, problems } = await cleanPage(browser);
  await signIn(page, host, 'ana', password, { navigation: null });
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await nav.getByRole('link', { name: 'Caixa de entrada' }).waitFor();
  assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Caixa de entrada']);
  const views = page.getByRole('group', { name: 'Visões' }).getByRole('button');
  assert.deepEqual(await views.allTextContents(), ['Minhas', 'Fila', 'Equipe']);
  await page.goto(`${host.url}/admin`);
  await page.getByText('Você não tem permissão para ver esta página.').waitFor();
  await page.screenshot({ path: join(artifacts, 'agent-refused-admin.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
