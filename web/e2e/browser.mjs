// What every browser test does with Chromium: launch Debian's build (or CHROMIUM=path), fail on
// anything a page logs as an error, and sign in to the console.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
}

const FAILED_400 = /^Failed to load resource: the server responded with a status of 400\b/;

/** A GraphQL request with a persisted query's hash and no document. */
function hashOnly(request) {
  try {
    const params = request.method() === 'GET'
      ? Object.fromEntries([...new URL(request.url()).searchParams].map(([key, value]) => [key, key === 'extensions' ? JSON.parse(value) : value]))
      : JSON.parse(request.postData() ?? 'null');
    return !params?.query && params?.extensions?.persistedQuery !== undefined;
  } catch {
    return false;
  }
}

/**
 * The page's console errors and uncaught exceptions, collected as they happen; a test asserts it
 * stays empty. One failed load is no problem: the console sends a document by its hash first, and
 * the first time the host does not know it the answer is 400 PERSISTED_QUERY_NOT_FOUND (then the
 * console sends the document), which Chromium logs. Each 400 to a request with a hash and no
 * document forgives one logged 400 of the same URL, whichever of the two comes first.
 */
export function watchProblems(page) {
  const problems = [];
  /** URL → misses answered and not yet logged / 400s logged and not yet known to be misses. */
  const answered = new Map();
  const logged = new Map();
  const take = (counts, url) => {
    const count = counts.get(url) ?? 0;
    if (count > 0) counts.set(url, count - 1);
    return count > 0;
  };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const url = message.location().url;
    if (FAILED_400.test(text) && take(answered, url)) return;
    if (FAILED_400.test(text)) logged.set(url, (logged.get(url) ?? 0) + 1);
    problems.push(text);
  });
  page.on('response', (response) => {
    // A hash alone can only fail as a request error (unknown or refused hash), and the console
    // then sends the document; the body is not read, as it is gone once the page moved on.
    if (response.status() !== 400 || new URL(response.url()).pathname !== '/graphql' || !hashOnly(response.request())) return;
    const url = response.url();
    if (!take(logged, url)) {
      answered.set(url, (answered.get(url) ?? 0) + 1);
      return;
    }
    const index = problems.findIndex((problem) => FAILED_400.test(problem));
    if (index >= 0) problems.splice(index, 1);
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
