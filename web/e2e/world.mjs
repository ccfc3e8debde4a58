// What the console's browser tests share, so each test file says only what it tests: a clean
// page per actor, signing in through the login page, and users made through the API as an
// admin or integrator would make them.
import { submitLogin, watchProblems } from './browser.mjs';

/**
 * A page in its own browser context (its own session and storage), in Brazilian Portuguese
 * unless `locale` says otherwise. Console errors and uncaught exceptions are collected in
 * `problems`, for the test to assert on. Closing the page closes its context.
 */
export async function cleanPage(browser, { viewport = { width: 1280, height: 800 }, permissions = [], origin, ...options } = {}) {
  const context = await browser.newContext({ locale: 'pt-BR', viewport, ...options });
  if (permissions.length > 0) await context.grantPermissions(permissions, { origin });
  const page = await context.newPage();
  // The browser may be closing already (the file's last test): nothing is left to close then.
  page.once('close', () => void context.close().catch(() => undefined));
  return { context, page, problems: watchProblems(page) };
}

/**
 * Signs in on the (Portuguese) login page of `host`, then waits for the shell's main navigation,
 * named in the user's language; `navigation: null` does not wait.
 */
export async function signIn(page, host, login, password, { navigation = 'Navegação principal' } = {}) {
  await submitLogin(page, host.url, login, password);
  if (navigation !== null) await page.getByRole('navigation', { name: navigation }).waitFor();
}

/** Creates a user on `host` (as its admin) and adds them to `teams`; returns how they sign in. */
export async function createUser(host, { name, username, role, teams = [], language = 'PT_BR', password = `senha-${username}-2026` }) {
  const { createUser: user } = await host.gql(
    'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
    { i: { name, email: `${username}@provedor.com.br`, username, password, role, language } },
  );
  for (const team of teams) await host.gql('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: team, u: user.id });
  return { id: user.id, username, password };
}
