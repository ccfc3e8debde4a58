/**
 * The console's connection to the host: one session, one GraphQL client, one live
 * (WebSocket) client, and the signed-in user. Logging in and out goes through here.
 */
import { signal } from '@preact/signals';
import { MeDocument, refreshAccess, signIn, signOut, UpdateLanguageDocument } from '../api/auth';
import { createClient } from '../api/client';
import { Session, type SessionMessage } from '../api/session';
import { createLive } from '../api/ws';
import type { MeFragment } from '../gql/graphql';
import { languageOfLocale, type Locale, localeOfLanguage, setLocale } from '../i18n';

const endpoint = '/graphql';

const webLocks = typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
/** The tabs' news of the session: new access tokens, sign-in, sign-out, expiry. */
const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('ispchat.session');

export const session = new Session({
  storage: localStorage,
  refresh: () => refreshAccess(),
  broadcast: tabs === null ? undefined : (message) => tabs.postMessage(message),
  lock: webLocks === null ? undefined : (task) => webLocks.request('ispchat.refresh', task),
});

export const api = createClient(endpoint, session);
export const live = createLive(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${endpoint}`, session);

export type Me = MeFragment;
export const me = signal<Me | null>(null);

tabs?.addEventListener('message', (event: MessageEvent<SessionMessage>) => {
  session.receive(event.data);
  // Another tab signed in, perhaps as someone else: `adopt` reloads this one if so.
  if (event.data.type === 'signedIn' && me.value !== null) void loadMe().catch(() => undefined);
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
  await session.exclusive(async () => session.begin(await signIn(loginName, password)));
  // After an expired session, the open screen's subscriptions carry on over a socket that
  // reconnects with the new token; a first sign-in starts afresh.
  if (me.value === null) live.restart();
  // The user (with their teams, which need a signed-in caller) comes with the new token.
  await loadMe();
}

/** Loads the user of a session resumed after a reload or begun in another tab. */
export async function loadMe(): Promise<void> {
  const { me: user } = await api.request(MeDocument);
  adopt(user);
}

export async function logout(): Promise<void> {
  session.end();
  live.restart();
  me.value = null;
  // Best effort: the tabs have forgotten the session already; the host ends the sign-in and
  // clears the cookie.
  await session.exclusive(() => signOut()).catch(() => undefined);
}

/** Switches the language now and keeps it in the user's profile. */
export async function changeLanguage(next: Locale): Promise<void> {
  setLocale(next);
  if (me.value === null) return;
  const { updateMe } = await api.request(UpdateLanguageDocument, { language: languageOfLocale(next) });
  me.value = { ...me.value, language: updateMe.language };
}
