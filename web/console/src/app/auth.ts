/**
 * The console's connection to the host: one session, one GraphQL client, one live
 * (WebSocket) client, and the signed-in user. Logging in and out goes through here.
 */
import { signal } from '@preact/signals';
import { LoginDocument, LogoutDocument, MeDocument, RefreshDocument, UpdateLanguageDocument } from '../api/auth';
import { createClient } from '../api/client';
import { Session } from '../api/session';
import { createLive } from '../api/ws';
import type { MeFragment } from '../gql/graphql';
import { languageOfLocale, type Locale, localeOfLanguage, setLocale } from '../i18n';

const endpoint = '/graphql';
const anonymous = createClient(endpoint, { accessToken: async () => null, refresh: async () => null });

const webLocks = typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;

export const session = new Session({
  storage: localStorage,
  refresh: async (refreshToken) => (await anonymous.request(RefreshDocument, { refreshToken })).refreshToken,
  lock: webLocks === null ? undefined : (task) => webLocks.request('ispchat.refresh', task),
});

export const api = createClient(endpoint, session);
export const live = createLive(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${endpoint}`, session);

export type Me = MeFragment;
export const me = signal<Me | null>(null);

window.addEventListener('storage', (event) => {
  if (event.key !== null && event.key !== 'ispchat.session') return;
  const before = session.refreshToken;
  session.syncFromStorage();
  // Another tab may have signed in as someone else: `adopt` reloads this one if so.
  if (me.value !== null && session.state.value === 'active' && session.refreshToken !== before) void loadMe().catch(() => undefined);
});

function adopt(user: Me): void {
  if (me.value !== null && me.value.id !== user.id) {
    // Someone else signed in over an expired session: nothing of the previous user may stay.
    location.reload();
    return;
  }
  me.value = user;
  setLocale(localeOfLanguage(user.language));
}

export async function login(loginName: string, password: string): Promise<void> {
  const { login: payload } = await anonymous.request(LoginDocument, { login: loginName, password });
  session.begin(payload);
  // After an expired session, the open screen's subscriptions carry on over a socket that
  // reconnects with the new token; a first sign-in starts afresh.
  if (me.value === null) live.restart();
  // The user (with their teams, which need a signed-in caller) comes with the new token.
  await loadMe();
}

/** Loads the user of a session restored from storage. */
export async function loadMe(): Promise<void> {
  const { me: user } = await api.request(MeDocument);
  adopt(user);
}

export async function logout(): Promise<void> {
  const refreshToken = session.refreshToken;
  session.end();
  live.restart();
  me.value = null;
  if (refreshToken !== null) {
    // Best effort: the tokens are already forgotten here; the server ends the family.
    await anonymous.request(LogoutDocument, { refreshToken }).catch(() => undefined);
  }
}

/** Switches the language now and keeps it in the user's profile. */
export async function changeLanguage(next: Locale): Promise<void> {
  setLocale(next);
  if (me.value === null) return;
  const { updateMe } = await api.request(UpdateLanguageDocument, { language: languageOfLocale(next) });
  me.value = { ...me.value, language: updateMe.language };
}
