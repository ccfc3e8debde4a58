import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { type AuthTokens, Session, STORAGE_KEY } from './session';
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

function tokens(n: number, now: number, accessMinutes = 15): AuthTokens {
  return {
    accessToken: `access-${n}`,
    accessTokenExpiresAt: new Date(now + accessMinutes * MINUTE).toISOString(),
    refreshToken: `refresh-${n}`,
    refreshTokenExpiresAt: new Date(now + 30 * 24 * 60 * MINUTE).toISOString(),
  };
}

function setup(options: { refresh?: (token: string) => Promise<AuthTokens> } = {}) {
  const time = fakeTime();
  const storage = new MemoryStorage();
  const presented: string[] = [];
  let issued = 1;
  const refresh = options.refresh ?? (async () => tokens(++issued, time.now()));
  const make = () => new Session({ storage, refresh: async (t) => { presented.push(t); return refresh(t); }, now: time.now, setTimer: time.setTimer, clearTimer: time.clearTimer });
  return { time, storage, presented, make };
}

describe('Session', () => {
  it('starts signed out without stored tokens and active after a login', () => {
    const { make, storage, time } = setup();
    const session = make();
    expect(session.state.value).toBe('signedOut');
    session.begin(tokens(1, time.now()));
    expect(session.state.value).toBe('active');
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}').refreshToken).toBe('refresh-1');
  });

  it('resumes a stored session after a reload', async () => {
    const { make, time } = setup();
    make().begin(tokens(1, time.now()));
    const reloaded = make();
    expect(reloaded.state.value).toBe('active');
    expect(await reloaded.accessToken()).toBe('access-1');
  });

  it('refreshes silently a minute before the access token expires', async () => {
    const { make, time, presented } = setup();
    const session = make();
    session.begin(tokens(1, time.now()));
    await time.advance(13 * MINUTE);
    expect(presented).toEqual([]);
    await time.advance(1 * MINUTE + 1);
    expect(presented).toEqual(['refresh-1']);
    expect(await session.accessToken()).toBe('access-2');
    // And again before the new one expires.
    await time.advance(14 * MINUTE + 1);
    expect(presented).toEqual(['refresh-1', 'refresh-2']);
  });

  it('refreshes before handing out a token about to expire, once for concurrent callers', async () => {
    let release: (value: AuthTokens) => void = () => undefined;
    const { make, time, presented } = setup({ refresh: () => new Promise((resolve) => (release = resolve)) });
    const session = make();
    session.begin(tokens(1, time.now(), 0.2)); // 12 seconds left: inside the safety margin.
    const calls = [session.accessToken(), session.accessToken(), session.refresh()];
    await Promise.resolve();
    release(tokens(2, time.now()));
    expect(await Promise.all(calls)).toEqual(['access-2', 'access-2', 'access-2']);
    expect(presented).toEqual(['refresh-1']);
  });

  it('becomes expired, forgetting the tokens, when the server refuses the refresh token', async () => {
    const { make, time, storage } = setup({ refresh: async () => { throw new ApiError('UNAUTHENTICATED', null, 'refresh token reused'); } });
    const session = make();
    session.begin(tokens(1, time.now()));
    expect(await session.refresh()).toBeNull();
    expect(session.state.value).toBe('expired');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(await session.accessToken()).toBeNull();
    session.begin(tokens(7, time.now()));
    expect(session.state.value).toBe('active');
  });

  it('keeps the session through a network failure and retries', async () => {
    let fail = true;
    const { make, time, presented } = setup({
      refresh: async () => {
        if (fail) throw new ApiError('NETWORK', null, 'Failed to fetch');
        return tokens(9, time.now());
      },
    });
    const session = make();
    session.begin(tokens(1, time.now()));
    await time.advance(14 * MINUTE + 1);
    expect(session.state.value).toBe('active');
    expect(await session.accessToken()).toBe('access-1');
    fail = false;
    await time.advance(5_000);
    expect(presented).toEqual(['refresh-1', 'refresh-1']);
    expect(await session.accessToken()).toBe('access-9');
  });

  it('uses the pair another tab rotated instead of presenting a spent refresh token', async () => {
    const { make, time, presented } = setup();
    const first = make();
    const second = make();
    first.begin(tokens(1, time.now()));
    second.syncFromStorage();
    // The first tab refreshes; the second wakes up with the old pair in memory.
    await first.refresh();
    expect(await second.refresh()).toBe('access-2');
    expect(presented).toEqual(['refresh-1']);
  });

  it('follows a sign-out in another tab', () => {
    const { make, time } = setup();
    const first = make();
    const second = make();
    first.begin(tokens(1, time.now()));
    second.syncFromStorage();
    expect(second.state.value).toBe('active');
    first.end();
    second.syncFromStorage();
    expect(second.state.value).toBe('signedOut');
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
    const { make, time } = setup();
    const session = make();
    session.begin(tokens(1, time.now()));
    const { seen, fetcher } = server([() => unauthenticated, () => ({ data: { me: { id: '1' } } })]);
    const client = createClient('/graphql', session, fetcher);
    expect(await client.request(doc)).toEqual({ me: { id: '1' } });
    expect(seen).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  it('gives up after one retry with a readable error, not raw JSON', async () => {
    const { make, time } = setup();
    const session = make();
    session.begin(tokens(1, time.now()));
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
