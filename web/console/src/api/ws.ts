/**
 * The one WebSocket the console keeps open for subscriptions (graphql-ws). Each (re)connection
 * sends a fresh access token, because the host fixes the caller for a connection's lifetime.
 * It retries forever with backoff; `connection` tells the shell when to show the banner (after
 * `LOST_AFTER_MS` without a connection), and
 * `onReconnected` lets screens reload or replay (`after: lastSeq`) what they missed.
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
    onError?: (error: unknown) => void,
  ): () => void;
  /** Called after every reconnection (not the first connection); returns an unsubscribe. */
  onReconnected(listener: () => void): () => void;
  /** Drops the connection, e.g. after logout or a new login as someone else. */
  restart(): void;
}

export function createLive(url: string, session: Pick<Session, 'accessToken'>): Live {
  const listeners = new Set<() => void>();
  let everConnected = false;
  let active = 0;
  let client: Client | null = null;
  let lostTimer: ReturnType<typeof setTimeout> | null = null;
  const stopLostTimer = () => {
    if (lostTimer !== null) clearTimeout(lostTimer);
    lostTimer = null;
  };

  const open = (): Client => createClient({
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
        if (connection.value !== 'lost') connection.value = 'connecting';
      },
      connected: () => {
        stopLostTimer();
        const again = everConnected;
        everConnected = true;
        connection.value = 'connected';
        if (again) listeners.forEach((listener) => listener());
      },
      closed: () => {
        // With nothing subscribed the lazy client closes on purpose: that is not a lost connection.
        if (active > 0) {
          if (connection.value === 'connected') connection.value = 'connecting';
          lostTimer ??= setTimeout(() => {
            lostTimer = null;
            if (connection.value !== 'connected') connection.value = 'lost';
          }, LOST_AFTER_MS);
        } else {
          stopLostTimer();
          everConnected = false;
          connection.value = 'idle';
        }
      },
    },
  });

  return {
    subscribe(document, variables, onData, onError) {
      let stopped = false;
      let retries = 0;
      let unsubscribe: () => void = () => undefined;
      let retryTimer: ReturnType<typeof setTimeout> | null = null;
      const start = () => {
        client ??= open();
        active += 1;
        let ended = false;
        const end = () => {
          if (ended) return;
          ended = true;
          active -= 1;
        };
        const stop = client.subscribe<TResultOf<typeof document>>(
          { query: document.toString(), variables: variables as Record<string, unknown> },
          {
            next: (message) => {
              retries = 0;
              if (message.data) onData(message.data as never);
            },
            // The operation itself failed (e.g. refused while the session had expired): try it
            // again later, since the socket's own retries only cover the connection.
            error: (error) => {
              end();
              onError?.(error);
              if (stopped) return;
              retryTimer = setTimeout(start, Math.min(1000 * 2 ** retries++, 30_000));
            },
            complete: end,
          },
        );
        unsubscribe = () => {
          end();
          stop();
        };
      };
      start();
      return () => {
        stopped = true;
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
      everConnected = false;
      active = 0;
      connection.value = 'idle';
    },
  };
}

type TResultOf<D> = D extends TypedDocument<infer R, unknown> ? R : never;
