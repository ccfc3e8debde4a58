/**
 * The signed-in staff session: a short-lived access token and a single-use refresh token.
 *
 * Guarantees: the access token handed out is refreshed shortly before it expires (on a timer and
 * on demand); concurrent callers share one refresh; tabs share the pair through storage and take
 * turns (Web Locks) so two tabs never present the same refresh token, which the host would treat
 * as theft and end the sign-in. A refused refresh marks the session `expired` (the app keeps its
 * state and asks for the password again); a network failure keeps the tokens and retries.
 */
import { signal } from '@preact/signals';
import { ApiError } from './errors';

export interface AuthTokens {
  accessToken: string;
  /** RFC 3339, as the API sends it. */
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export type SessionState = 'signedOut' | 'active' | 'expired';

export interface SessionDeps {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Trades a refresh token for a new pair (the `refreshToken` mutation). */
  refresh: (refreshToken: string) => Promise<AuthTokens>;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Runs `task` while no other tab runs one under the same name. */
  lock?: <T>(task: () => Promise<T>) => Promise<T>;
}

export const STORAGE_KEY = 'ispchat.session';
/** A token this close to its expiry is refreshed before use: requests take time in flight. */
const USE_MARGIN_MS = 15_000;
/** The proactive refresh happens this long before expiry (or halfway, for short lifetimes). */
const REFRESH_AHEAD_MS = 60_000;
const RETRY_MS = 5_000;

function parseTokens(raw: string | null): AuthTokens | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<AuthTokens>;
    if (typeof value.accessToken === 'string' && typeof value.refreshToken === 'string'
      && typeof value.accessTokenExpiresAt === 'string' && typeof value.refreshTokenExpiresAt === 'string') {
      return value as AuthTokens;
    }
  } catch {
    // A corrupt entry is a signed-out session.
  }
  return null;
}

export class Session {
  readonly state = signal<SessionState>('signedOut');
  private tokens: AuthTokens | null = null;
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
    const stored = parseTokens(deps.storage.getItem(STORAGE_KEY));
    if (stored !== null && Date.parse(stored.refreshTokenExpiresAt) > this.now()) {
      this.tokens = stored;
      this.state.value = 'active';
      this.schedule();
    }
  }

  /** Starts (or resumes, after `expired`) a session with a fresh login's tokens. */
  begin(tokens: AuthTokens): void {
    this.store(tokens);
    this.state.value = 'active';
  }

  /** The refresh token, for `logout`. */
  get refreshToken(): string | null {
    return this.tokens?.refreshToken ?? null;
  }

  /** An access token valid for a while yet, refreshing first when needed; `null` when signed out. */
  async accessToken(): Promise<string | null> {
    if (this.tokens === null || this.state.value !== 'active') return null;
    if (Date.parse(this.tokens.accessTokenExpiresAt) - this.now() > USE_MARGIN_MS) return this.tokens.accessToken;
    return this.refresh();
  }

  /**
   * Trades the refresh token for a new pair now (also after the server said UNAUTHENTICATED).
   * Resolves to the new access token, or `null` when the session is over.
   */
  refresh(): Promise<string | null> {
    this.inflight ??= this.lock(() => this.refreshLocked()).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Another tab signed in, refreshed or signed out: follow it. */
  syncFromStorage(): void {
    const stored = parseTokens(this.deps.storage.getItem(STORAGE_KEY));
    if (stored === null) {
      if (this.tokens !== null) this.end();
      return;
    }
    if (stored.refreshToken !== this.tokens?.refreshToken) {
      this.tokens = stored;
      this.state.value = 'active';
      this.schedule();
    }
  }

  /** Forgets the tokens (after `logout`, or when the user signs out of another tab). */
  end(): void {
    this.cancelTimer();
    this.tokens = null;
    this.deps.storage.removeItem(STORAGE_KEY);
    this.state.value = 'signedOut';
  }

  private async refreshLocked(): Promise<string | null> {
    const mine = this.tokens;
    if (mine === null) return null;
    // Another tab may have rotated the pair while this one waited for the lock: its tokens are
    // the current ones and ours are spent.
    const stored = parseTokens(this.deps.storage.getItem(STORAGE_KEY));
    if (stored !== null && stored.refreshToken !== mine.refreshToken) {
      this.tokens = stored;
      this.schedule();
      if (Date.parse(stored.accessTokenExpiresAt) - this.now() > USE_MARGIN_MS) return stored.accessToken;
    }
    const current = this.tokens ?? mine;
    try {
      const fresh = await this.deps.refresh(current.refreshToken);
      // Signed out meanwhile (logout in this tab): do not resurrect the session.
      if (this.tokens === null) return null;
      this.store(fresh);
      return fresh.accessToken;
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
        this.expire();
        return null;
      }
      // Offline or a server hiccup: the refresh token is still good; try again soon, and let
      // this caller use the current access token while it lasts.
      this.cancelTimer();
      this.timer = this.setTimer(() => void this.refresh(), RETRY_MS);
      if (Date.parse(current.accessTokenExpiresAt) > this.now()) return current.accessToken;
      throw error;
    }
  }

  private expire(): void {
    this.cancelTimer();
    this.tokens = null;
    this.deps.storage.removeItem(STORAGE_KEY);
    this.state.value = 'expired';
  }

  private store(tokens: AuthTokens): void {
    this.tokens = tokens;
    this.deps.storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    this.schedule();
  }

  private schedule(): void {
    this.cancelTimer();
    if (this.tokens === null) return;
    const left = Date.parse(this.tokens.accessTokenExpiresAt) - this.now();
    const ahead = Math.min(REFRESH_AHEAD_MS, left / 2);
    this.timer = this.setTimer(() => void this.refresh().catch(() => undefined), Math.max(0, left - ahead));
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }
}
