import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

interface Handlers {
  connected: () => void;
  closed: () => void;
}

/** The graphql-ws client the console opens, reduced to its event handlers. */
const opened: Handlers[] = [];
vi.mock('graphql-ws', () => ({
  createClient: (options: { on: Handlers }) => {
    opened.push(options.on);
    return { subscribe: () => () => undefined, dispose: async () => undefined };
  },
}));

const { connection, createLive, LOST_AFTER_MS } = await import('./ws');

const QUERY = { toString: () => 'subscription { auditEvents { action } }' } as never;

describe('the live connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    opened.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  function liveAndConnected() {
    const live = createLive('ws://test/graphql', { accessToken: async () => 'token' });
    live.subscribe(QUERY, {}, () => undefined);
    const socket = opened[0];
    if (socket === undefined) throw new Error('the console opened no connection');
    socket.connected();
    expect(connection.value).toBe('connected');
    return { live, socket };
  }

  it('is not called lost when it comes back at once, as after the server closes an expired token', () => {
    const { socket } = liveAndConnected();
    socket.closed();
    expect(connection.value).toBe('connecting');
    vi.advanceTimersByTime(LOST_AFTER_MS / 3);
    socket.connected();
    vi.advanceTimersByTime(LOST_AFTER_MS * 2);
    expect(connection.value).toBe('connected');
  });

  it('is called lost when it stays down, until it is back', () => {
    const { socket } = liveAndConnected();
    socket.closed();
    vi.advanceTimersByTime(LOST_AFTER_MS - 1);
    expect(connection.value).toBe('connecting');
    vi.advanceTimersByTime(1);
    expect(connection.value).toBe('lost');
    socket.connected();
    expect(connection.value).toBe('connected');
  });

  it('is idle, never lost, once nothing is subscribed', () => {
    const { live, socket } = liveAndConnected();
    live.restart();
    socket.closed();
    vi.advanceTimersByTime(LOST_AFTER_MS * 2);
    expect(connection.value).toBe('idle');
  });
});
