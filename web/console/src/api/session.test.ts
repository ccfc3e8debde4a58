import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { type AccessGrant, Session, type SessionMessage, STORAGE_KEY } from './session';
import { createClient } from './client';

const MINUTE = 60_000;

class MemoryStorage {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

/** A clock and timers the test moves by hand. */
function fakeTime(start = Date.parse('2026-11-27T10:00:00Z')) {
  let now = start;
  const timers: { at: number; run: () => void; id: number }[] = [];
  let next = 1;
  return {
    now: () => now,
    setTimer: (run: () => void, ms: number) => {
      const id = next++;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimer: (id: unknown) => {
      const index = timers.findIndex((t) => t.id === id);
      if (index >= 0) timers.splice(index, 1);
    },
    pending: () => timers.map((t) => t.at - now),
    async advance(ms: number) {
      now += ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers.splice(timers.indexOf(due), 1);
        due.run();
        await Promise.resolve();
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

function grant(n: number, now: number, accessMinutes = 15): AccessGrant {
  return {
    accessToken: `access-${n}`,
    accessTokenExpiresAt: new Date(now + accessMinutes * MINUTE).toISOString(),
    refreshTokenExpiresAt: new Date(now + 30 * 24 * 60 * MINUTE).toISOString(),
  };
}

/**
 * The host as the browser's tabs share it: one cookie jar holding the current refresh token
 * (`refresh-N` goes with `access-N`), rotated by each refresh, and reuse detection as the host's:
 * a spent token presented again ends the sign-in.
 */
function cookieHost(now: () => number) {
  let cookie: number | null = null;
  let issued = 0;
  const spent = new Set<number>();
  const presented: string[] = [];
  let revoked = false;
  return {
    presented,
    get reused() {
      return revoked;
    },
    login(): AccessGrant {
      cookie = ++issued;
      revoked = false;
      return grant(cookie, now());
    },
    async refresh(): Promise<AccessGrant> {
      const token = cookie;
      if (token === null) throw new ApiError('UNAUTHENTICATED', null, 'no refresh token cookie');
      presented.push(`refresh-${token}`);
      if (spent.has(token) || revoked) {
        revoked = true;
        throw new ApiError('UNAUTHENTICATED', null, 'refresh token was already used');
      }
      spent.add(token);
      cookie = ++issued;
      return grant(cookie, now());
    },
  };
}

/** Web Locks between tabs: one task at a time, in the order asked. */
function sharedLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

function setup(options: { refresh?: () => Promise<AccessGrant> } = {}) {
  const time = fakeTime();
  const storage = new MemoryStorage();
  const host = cookieHost(time.now);
  const lock = sharedLock();
  const tabs: Session[] = [];
  const sent: SessionMessage[] = [];
  const refresh = options.refresh ?? host.refresh;
  /** A tab; its messages reach the other tabs (as a BroadcastChannel's, a moment later). */
  const make = () => {
    const tab: Session = new Session({
      storage,
      refresh,
      broadcast: (message) => {
        sent.push(message);
        const others = tabs.filter((other) => other !== tab);
        void Promise.resolve().then(() => others.forEach((other) => other.receive(structuredClone(message))));
      },
      lock,
      now: time.now,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
    });
    tabs.push(tab);
    return tab;
  };
  /** Signs in through `tab` as the console does: the login request holds the lock. */
  const login = (tab: Session) => tab.exclusive(async () => tab.begin(host.login()));
  return { time, storage, host, sent, lock, make, login };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Session', () => {
  it('starts signed out without a stored sign-in, and active after a login that stores no token', async () => {
    const { make, login, storage } = setup();
    const session = make();
    expect(session.state.value).toBe('signedOut');
    await login(session);
    expect(session.state.value).toBe('active');
    expect(await session.accessToken()).toBe('access-1');
    const stored = storage.getItem(STORAGE_KEY) ?? '';
    expect(Object.keys(JSON.parse(stored))).toEqual(['refreshTokenExpiresAt']);
    expect(stored).not.toContain('access-1');
  });

  it('resumes after a reload by refreshing from the cookie', async () => {
    const { make, login, host } = setup();
    await login(make());
    const reloaded = make();
    expect(reloaded.state.value).toBe('active');
    expect(await reloaded.accessToken()).toBe('access-2');
    expect(host.presented).toEqual(['refresh-1']);
  });

  it('drops a stored entry of the console before the cookie, refresh token and all', () => {
    const { make, storage, time } = setup();
    const old = { ...grant(1, time.now()), refreshToken: 'refresh-1' };
    storage.setItem(STORAGE_KEY, JSON.stringify(old));
    expect(make().state.value).toBe('signedOut');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('refreshes silently a minute before the access token expires', async () => {
    const { make, login, time, host } = setup();
    const session = make();
    await login(session);
    await time.advance(13 * MINUTE);
    expect(host.presented).toEqual([]);
    await time.advance(1 * MINUTE + 1);
    expect(host.presented).toEqual(['refresh-1']);
    expect(await session.accessToken()).toBe('access-2');
    // And again before the new one expires.
    await time.advance(14 * MINUTE + 1);
    expect(host.presented).toEqual(['refresh-1', 'refresh-2']);
  });

  it('refreshes before handing out a token about to expire, once for concurrent callers', async () => {
    let release: (value: AccessGrant) => void = () => undefined;
    let calls = 0;
    const { make, time } = setup({
      refresh: () => {
        calls += 1;
        return new Promise((resolve) => (release = resolve));
      },
    });
    const session = make();
    session.begin(grant(1, time.now(), 0.2)); // 12 seconds left: inside the safety margin.
    const tokens = [session.accessToken(), session.accessToken(), session.refresh()];
    await settle();
    release(grant(2, time.now()));
    expect(await Promise.all(tokens)).toEqual(['access-2', 'access-2', 'access-2']);
    expect(calls).toBe(1);
  });

  it('becomes expired in every tab, forgetting the sign-in, when the host refuses the cookie', async () => {
    const { make, time, storage, sent } = setup({ refresh: async () => { throw new ApiError('UNAUTHENTICATED', null, 'refresh token reused'); } });
    const session = make();
    const other = make();
    session.begin(grant(1, time.now()));
    await settle();
    expect(await session.refresh()).toBeNull();
    expect(session.state.value).toBe('expired');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(await session.accessToken()).toBeNull();
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['signedIn', 'expired']);
    expect(other.state.value).toBe('expired');
    session.begin(grant(7, time.now()));
    await settle();
    expect(session.state.value).toBe('active');
    expect(other.state.value).toBe('active');
    expect(await other.accessToken()).toBe('access-7');
  });

  it('keeps the session through a network failure and retries', async () => {
    let fail = true;
    let calls = 0;
    const { make, time } = setup({
      refresh: async () => {
        calls += 1;
        if (fail) throw new ApiError('NETWORK', null, 'Failed to fetch');
        return grant(9, time.now());
      },
    });
    const session = make();
    session.begin(grant(1, time.now()));
    await time.advance(14 * MINUTE + 1);
    expect(session.state.value).toBe('active');
    expect(await session.accessToken()).toBe('access-1');
    fail = false;
    await time.advance(5_000);
    expect(calls).toBe(2);
    expect(await session.accessToken()).toBe('access-9');
  });

  it('lets one tab refresh and hands its access token to the others', async () => {
    const { make, login, time, host } = setup();
    const first = make();
    const second = make();
    const third = make();
    await login(first);
    await settle();
    expect(await second.accessToken()).toBe('access-1');
    // Every tab's timer is due at once: they queue for the lock, and only the first presents
    // the cookie; the others take the token it announced.
    await time.advance(14 * MINUTE + 1);
    expect(host.presented).toEqual(['refresh-1']);
    expect(await Promise.all([first, second, third].map((tab) => tab.accessToken()))).toEqual(['access-2', 'access-2', 'access-2']);
    // Asked at the same moment after a reload, too.
    const reloaded = [make(), make()];
    const tokens = await Promise.all([...reloaded.map((tab) => tab.refresh()), first.refresh()]);
    expect(host.reused).toBe(false);
    expect(new Set(host.presented).size).toBe(host.presented.length);
    expect(tokens.every((token) => token !== null)).toBe(true);
  });

  it('never presents a spent token even when the news of a refresh comes late', async () => {
    const { make, login, host, time, lock } = setup();
    const first = make();
    await login(first);
    // A tab that hears nothing (no BroadcastChannel) still takes its turn with the cookie.
    const deaf = new Session({ storage: new MemoryStorage(), refresh: host.refresh, lock, now: time.now, setTimer: time.setTimer, clearTimer: time.clearTimer });
    deaf.begin(grant(1, time.now()));
    await Promise.all([first.refresh(), deaf.refresh()]);
    expect(host.presented).toEqual(['refresh-1', 'refresh-2']);
    expect(host.reused).toBe(false);
  });

  it('follows a sign-in and a sign-out in another tab', async () => {
    const { make, login } = setup();
    const first = make();
    const second = make();
    await login(first);
    await settle();
    expect(second.state.value).toBe('active');
    expect(await second.accessToken()).toBe('access-1');
    first.end();
    await settle();
    expect(second.state.value).toBe('signedOut');
    expect(await second.accessToken()).toBeNull();
  });

  it('does not come back to life when a refresh in flight ends after a logout', async () => {
    let release: (value: AccessGrant) => void = () => undefined;
    const { make, time, storage } = setup({ refresh: () => new Promise((resolve) => (release = resolve)) });
    const session = make();
    session.begin(grant(1, time.now(), 0.1));
    const token = session.accessToken();
    await settle();
    session.end();
    release(grant(2, time.now()));
    expect(await token).toBeNull();
    expect(session.state.value).toBe('signedOut');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });
});

describe('GraphQL client', () => {
  const doc = { toString: () => 'query { me { id } }' } as { toString(): string; __apiType?: (v: Record<string, never>) => { me: { id: string } } };

  function server(answers: ((auth: string | null) => unknown)[]) {
    const seen: (string | null)[] = [];
    const fetcher = (async (_url: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).authorization ?? null;
      seen.push(auth);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('unexpected request');
      return new Response(JSON.stringify(answer(auth)));
    }) as typeof fetch;
    return { seen, fetcher };
  }

  const unauthenticated = { errors: [{ message: 'access token expired', extensions: { code: 'UNAUTHENTICATED' } }] };

  it('refreshes once and retries when the server says the token is no longer good', async () => {
    const { make, login } = setup();
    const session = make();
    await login(session);
    const { seen, fetcher } = server([() => unauthenticated, () => ({ data: { me: { id: '1' } } })]);
    const client = createClient('/graphql', session, fetcher);
    expect(await client.request(doc)).toEqual({ me: { id: '1' } });
    expect(seen).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  it('gives up after one retry with a readable error, not raw JSON', async () => {
    const { make, login } = setup();
    const session = make();
    await login(session);
    const { fetcher } = server([() => unauthenticated, () => unauthenticated]);
    const client = createClient('/graphql', session, fetcher);
    await expect(client.request(doc)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('reports validation errors with their field', async () => {
    const { make } = setup();
    const { fetcher } = server([() => ({ errors: [{ message: 'too short', extensions: { code: 'BAD_USER_INPUT', field: 'password' } }] })]);
    const client = createClient('/graphql', make(), fetcher);
    await expect(client.request(doc)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
  });

  it('turns a failed fetch into a NETWORK error', async () => {
    const { make } = setup();
    const client = createClient('/graphql', make(), (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    await expect(client.request(doc)).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
