/**
 * The one WebSocket the console keeps open for subscriptions (graphql-ws). Each (re)connection
 * sends a fresh access token, because the host fixes the caller for a connection's lifetime.
 * It retries forever with backoff; `connection` tells the shell when to show the banner (after
 * `LOST_AFTER_MS` without a connection), and
 * `onReconnected` lets screens reload or replay (`after: lastSeq`) what they missed.
 * A subscription the server ends (an error, or a completion the screen did not ask for, as when
 * it cannot re-check the caller's access) is started again with backoff, and its `onResumed`
 * lets the screen read again what it missed meanwhile.
 */
import { signal } from '@preact/signals';
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocument } from './client';
import type { Session } from './session';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'lost';

export const connection = signal<ConnectionState>('idle');

/**
 * A connection back within this long was a blip, not a loss: no banner for it. The server also
 * closes a connection when the access token it was opened with expires (every 15 minutes by
 * default), and the client is back with a fresh one in about a second.
 */
export const LOST_AFTER_MS = 3000;

export interface Live {
  subscribe<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
    onData: (data: TResult) => void,
    /** Called each time this subscription starts again after the server ended it. */
    onResumed?: () => void,
  ): () => void;
  /** Called after every reconnection (not the first connection); returns an unsubscribe. */
  onReconnected(listener: () => void): () => void;
  /** Drops the connection, e.g. after logout or a new login as someone else. */
  restart(): void;
}

export function createLive(url: string, session: Pick<Session, 'accessToken'>): Live {
  const listeners = new Set<() => void>();
  /**
   * A socket closed while screens were subscribed, so events may have gone by unseen: the next
   * connection tells the screens to read again. This includes a first connection that failed
   * (screens load over HTTP before their subscriptions are live).
   */
  let missed = false;
  /**
   * Subscriptions the screens hold and have not stopped, whether running or waiting to retry:
   * while there are any, a closed socket is a loss and the next connection a reconnection.
   */
  let wanted = 0;
  let client: Client | null = null;
  let lostTimer: ReturnType<typeof setTimeout> | null = null;
  const stopLostTimer = () => {
    if (lostTimer !== null) clearTimeout(lostTimer);
    lostTimer = null;
  };

  const open = (): Client => {
    // Events of a client `restart` disposed are about a connection nobody holds any more.
    const current = () => client === created;
    const created = createClient({
      url,
      lazy: true,
      // Evaluated on every (re)connection, so a refreshed token is used.
      connectionParams: async () => {
        const token = await session.accessToken();
        return token === null ? {} : { Authorization: `Bearer ${token}` };
      },
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** retries, 15_000) * (0.5 + Math.random() / 2))),
      on: {
        connecting: () => {
          if (!current()) return;
          if (connection.value !== 'lost') connection.value = 'connecting';
        },
        connected: () => {
          if (!current()) return;
          stopLostTimer();
          connection.value = 'connected';
          if (missed) {
            missed = false;
            listeners.forEach((listener) => listener());
          }
        },
        closed: () => {
          if (!current()) return;
          // With nothing subscribed the lazy client closes on purpose: that is not a lost connection.
          if (wanted > 0) {
            missed = true;
            if (connection.value === 'connected') connection.value = 'connecting';
            lostTimer ??= setTimeout(() => {
              lostTimer = null;
              if (connection.value !== 'connected') connection.value = 'lost';
            }, LOST_AFTER_MS);
          } else {
            stopLostTimer();
            missed = false;
            connection.value = 'idle';
          }
        },
      },
    });
    return created;
  };

  return {
    subscribe(document, variables, onData, onResumed) {
      let stopped = false;
      let retries = 0;
      let unsubscribe: () => void = () => undefined;
      let retryTimer: ReturnType<typeof setTimeout> | null = null;
      wanted += 1;
      const start = (resumed: boolean) => {
        client ??= open();
        let ended = false;
        // Ended by the server, not by the screen: the operation failed (e.g. refused while the
        // session had expired) or the server stopped it. The socket's own retries only cover the
        // connection, so the operation is started again here.
        const endedByServer = () => {
          if (ended || stopped) return;
          ended = true;
          retryTimer = setTimeout(() => start(true), Math.min(1000 * 2 ** retries++, 30_000));
        };
        const stop = client.subscribe<TResultOf<typeof document>>(
          { query: document.toString(), variables: variables as Record<string, unknown> },
          {
            next: (message) => {
              retries = 0;
              if (message.data) onData(message.data as never);
            },
            error: endedByServer,
            complete: endedByServer,
          },
        );
        unsubscribe = () => {
          ended = true;
          stop();
        };
        if (resumed) onResumed?.();
      };
      start(false);
      return () => {
        if (stopped) return;
        stopped = true;
        wanted -= 1;
        if (retryTimer !== null) clearTimeout(retryTimer);
        unsubscribe();
      };
    },
    onReconnected(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restart() {
      stopLostTimer();
      void client?.dispose();
      client = null;
      missed = false;
      connection.value = 'idle';
    },
  };
}

type TResultOf<D> = D extends TypedDocument<infer R, unknown> ? R : never;
