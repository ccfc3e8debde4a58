/**
 * The signed-in staff session: a short-lived access token, and a single-use refresh token this
 * code never sees: the host keeps it in an HttpOnly cookie that only `/auth/*` receives.
 *
 * Guarantees: the access token handed out is refreshed shortly before it expires (on a timer and
 * on demand); concurrent callers share one refresh; tabs take turns with the cookie (Web Locks)
 * so two tabs never present the same refresh token, which the host would treat as theft and end
 * the sign-in, and the tab that refreshed hands the new access token to the others
 * (`broadcast`/`receive`). Tokens stay in memory: storage only says until when the sign-in lasts,
 * so that a reload resumes it from the cookie. A refused refresh marks the session `expired` in
 * every tab (the app keeps its state and asks for the password again); a network failure keeps
 * the session and retries.
 */
import { signal } from '@preact/signals';
import { ApiError } from './errors';

/** What `/auth/login` and `/auth/refresh` answer: never the refresh token. */
export interface AccessGrant {
  accessToken: string;
  /** RFC 3339, as the API sends it. */
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
}

export type SessionState = 'signedOut' | 'active' | 'expired';

/** What a tab tells the others. */
export type SessionMessage =
  | { type: 'signedIn' | 'refreshed'; grant: AccessGrant }
  | { type: 'signedOut' | 'expired' };

export interface SessionDeps {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Trades the cookie's refresh token for a new access token (and a new cookie). */
  refresh: () => Promise<AccessGrant>;
  /** Sends to the other tabs' `receive` (a BroadcastChannel). */
  broadcast?: (message: SessionMessage) => void;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Runs `task` while no other tab runs one under the same name. */
  lock?: <T>(task: () => Promise<T>) => Promise<T>;
}

/** Holds `{"refreshTokenExpiresAt"}` while signed in: no token. */
export const STORAGE_KEY = 'ispchat.session';
/** A token this close to its expiry is refreshed before use: requests take time in flight. */
const USE_MARGIN_MS = 15_000;
/** The proactive refresh happens this long before expiry (or halfway, for short lifetimes). */
const REFRESH_AHEAD_MS = 60_000;
const RETRY_MS = 5_000;

/** Until when the stored sign-in lasts (ms), or `null` for none. */
function storedUntil(raw: string | null): number | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    // An entry of the console before the cookie carries the refresh token itself: not trusted.
    if (typeof value.refreshTokenExpiresAt === 'string' && !('refreshToken' in value)) {
      const until = Date.parse(value.refreshTokenExpiresAt);
      return Number.isNaN(until) ? null : until;
    }
  } catch {
    // A corrupt entry is a signed-out session.
  }
  return null;
}

export class Session {
  readonly state = signal<SessionState>('signedOut');
  /** `null` while active after a reload, until the first refresh from the cookie. */
  private grant: AccessGrant | null = null;
  private inflight: Promise<string | null> | null = null;
  private timer: unknown = null;
  private readonly now: () => number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly lock: <T>(task: () => Promise<T>) => Promise<T>;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.lock = deps.lock ?? ((task) => task());
    const raw = deps.storage.getItem(STORAGE_KEY);
    const until = storedUntil(raw);
    if (until !== null && until > this.now()) {
      // The access token went with the page: the first use refreshes it from the cookie.
      this.state.value = 'active';
    } else if (raw !== null) {
      deps.storage.removeItem(STORAGE_KEY);
    }
  }

  /** Starts (or resumes, after `expired`) a session with a fresh login's access token. */
  begin(grant: AccessGrant): void {
    this.adopt(grant);
    this.state.value = 'active';
    this.deps.broadcast?.({ type: 'signedIn', grant });
  }

  /**
   * Runs `task` (a request that sets or clears the cookie: login, logout) while no tab refreshes,
   * so a refresh in flight cannot put back the cookie `task` replaced.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.lock(task);
  }

  /** An access token valid for a while yet, refreshing first when needed; `null` when signed out. */
  async accessToken(): Promise<string | null> {
    if (this.state.value !== 'active') return null;
    if (this.grant !== null && this.usable(this.grant)) return this.grant.accessToken;
    return this.refresh();
  }

  /**
   * Trades the refresh token for a new pair now (also after the server said UNAUTHENTICATED).
   * Resolves to the new access token, or `null` when the session is over.
   */
  refresh(): Promise<string | null> {
    if (this.inflight === null) {
      const seen = this.grant;
      this.inflight = this.lock(() => this.refreshLocked(seen)).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /** Another tab signed in, refreshed, signed out or found the session over: follow it. */
  receive(message: SessionMessage): void {
    switch (message.type) {
      case 'signedIn':
        this.adopt(message.grant);
        this.state.value = 'active';
        break;
      case 'refreshed':
        if (this.state.value === 'active') this.adopt(message.grant);
        break;
      case 'signedOut':
        if (this.state.value !== 'signedOut') this.clear('signedOut');
        break;
      case 'expired':
        if (this.state.value === 'active') this.clear('expired');
        break;
    }
  }

  /** Forgets the session here and in the other tabs (on logout). */
  end(): void {
    this.clear('signedOut');
    this.deps.broadcast?.({ type: 'signedOut' });
  }

  private async refreshLocked(seen: AccessGrant | null): Promise<string | null> {
    if (this.state.value !== 'active') return null;
    // Another tab refreshed (or signed in) while this one waited for the lock: its access token
    // is as good as a new one, and presenting the cookie once more would only rotate it again.
    const current = this.grant;
    if (current !== null && current !== seen && this.usable(current)) return current.accessToken;
    try {
      const fresh = await this.deps.refresh();
      // Signed out meanwhile (logout in this tab or another): do not resurrect the session.
      if (this.state.value !== 'active') return null;
      this.adopt(fresh);
      this.deps.broadcast?.({ type: 'refreshed', grant: fresh });
      return fresh.accessToken;
    } catch (error) {
      if (this.state.value !== 'active') return null;
      if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
        this.clear('expired');
        this.deps.broadcast?.({ type: 'expired' });
        return null;
      }
      // Offline or a server hiccup: the cookie is still good; try again soon, and let this
      // caller use the current access token while it lasts.
      this.cancelTimer();
      this.timer = this.setTimer(() => void this.refresh().catch(() => undefined), RETRY_MS);
      if (current !== null && Date.parse(current.accessTokenExpiresAt) > this.now()) return current.accessToken;
      throw error;
    }
  }

  private usable(grant: AccessGrant): boolean {
    return Date.parse(grant.accessTokenExpiresAt) - this.now() > USE_MARGIN_MS;
  }

  private clear(state: Exclude<SessionState, 'active'>): void {
    this.cancelTimer();
    this.grant = null;
    this.deps.storage.removeItem(STORAGE_KEY);
    this.state.value = state;
  }

  private adopt(grant: AccessGrant): void {
    this.grant = grant;
    this.deps.storage.setItem(STORAGE_KEY, JSON.stringify({ refreshTokenExpiresAt: grant.refreshTokenExpiresAt }));
    this.schedule();
  }

  private schedule(): void {
    this.cancelTimer();
    if (this.grant === null) return;
    const left = Date.parse(this.grant.accessTokenExpiresAt) - this.now();
    const ahead = Math.min(REFRESH_AHEAD_MS, left / 2);
    this.timer = this.setTimer(() => void this.refresh().catch(() => undefined), Math.max(0, left - ahead));
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }
}
