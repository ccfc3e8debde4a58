// Accessibility of every console page, checked by axe-core (the engine Lighthouse's
// accessibility audit uses) against WCAG 2 A and AA: labels, roles, names, focusable controls and
// colour contrast, in the light and the dark theme, at laptop and tablet widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launchChromium, submitLogin, watchProblems } from './browser.mjs';
import { startHost } from './host.mjs';

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let host;
let browser;
let pages;

before(async () => {
  host = await startHost();
  browser = await launchChromium();
  const inbox = (await host.gql('mutation { createInbox(input: { name: "App Minha Conta", kind: API }) { id } }')).createInbox.id;
  const { postIncomingMessage } = await host.gql(
    'mutation($i: ID!) { postIncomingMessage(inboxId: $i, contact: { name: "Maria da Silva", identifier: "assinante-42", document: "52998224725" }, content: "Estou sem internet") { conversationId } }',
    { i: inbox },
  );
  pages = ['/', `/inbox/${postIncomingMessage.conversationId}`, '/dashboard', '/admin/users', '/admin/teams', '/admin/inboxes', '/admin/plugins', '/admin/canned', '/admin/audit'];
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

/** Each WCAG 2 A/AA violation as "rule: element", empty when the page passes. */
async function violations(page) {
  await page.addScriptTag({ path: axeScript });
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
  });
}

for (const { theme, width } of [{ theme: 'light', width: 1280 }, { theme: 'dark', width: 1280 }, { theme: 'light', width: 820 }]) {
  test(`every console page passes WCAG 2 A and AA checks (${theme} theme, ${width} px)`, async () => {
    // The console's Content-Security-Policy allows only its own scripts; axe is injected by the
    // test, not shipped, so this context alone lets it run.
    const context = await browser.newContext({ locale: 'pt-BR', viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${host.url}/`);
    await page.evaluate((value) => localStorage.setItem('ispchat.theme', value), theme);
    await page.reload();
    await page.getByLabel('E-mail ou usuário').waitFor();
    assert.deepEqual(await violations(page), [], 'login page');
    await submitLogin(page, host.url, 'admin@ispchat.local', host.password);
    await page.getByRole('navigation', { name: 'Navegação principal' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), theme === 'dark');
    for (const path of pages) {
      await page.goto(`${host.url}${path}`);
      await page.getByRole('main').waitFor();
      // Lists and figures arrive after the first paint; audit what the agent actually sees.
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await violations(page), [], path);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}
