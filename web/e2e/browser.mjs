// What every browser test does with Chromium: launch Debian's build (or CHROMIUM=path), fail on
// anything a page logs as an error, and sign in to the console.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
}

/** The page's console errors and uncaught exceptions, collected as they happen; a test asserts it stays empty. */
export function watchProblems(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return problems;
}

/** Fills and submits the console's login page in Portuguese, its default language. */
export async function submitLogin(page, url, login, password) {
  await page.goto(`${url}/`);
  await page.getByLabel('E-mail ou usuário').fill(login);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}
