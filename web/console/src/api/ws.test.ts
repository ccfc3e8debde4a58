import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

interface Handlers {
  connected: () => void;
  closed: () => void;
}

interface Sink {
  next: (message: { data?: unknown }) => void;
  error: (error: unknown) => void;
  complete: () => void;
}

/** The graphql-ws client the console opens, reduced to its event handlers. */
const opened: Handlers[] = [];
/** Every operation sent, with its sink and whether the console stopped it. */
const operations: { sink: Sink; stopped: boolean }[] = [];
vi.mock('graphql-ws', () => ({
  createClient: (options: { on: Handlers }) => {
    opened.push(options.on);
    return {
      subscribe: (_: unknown, sink: Sink) => {
        const operation = { sink, stopped: false };
        operations.push(operation);
        return () => (operation.stopped = true);
      },
      dispose: async () => undefined,
    };
  },
}));

const { connection, createLive, LOST_AFTER_MS } = await import('./ws');

const QUERY = { toString: () => 'subscription { auditEvents { action } }' } as never;

describe('the live connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    opened.length = 0;
    operations.length = 0;
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

  it('starts again a subscription the server ended, and says so, so the screen reads what it missed', () => {
    const live = createLive('ws://test/graphql', { accessToken: async () => 'token' });
    const resumed = vi.fn();
    live.subscribe(QUERY, {}, () => undefined, resumed);
    opened[0]?.connected();
    operations[0]?.sink.complete();
    vi.advanceTimersByTime(1000);
    expect(operations).toHaveLength(2);
    expect(resumed).toHaveBeenCalledTimes(1);
    // An error is retried too, later each time until data comes again.
    operations[1]?.sink.error(new Error('UNAVAILABLE'));
    vi.advanceTimersByTime(1999);
    expect(operations).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(operations).toHaveLength(3);
    expect(resumed).toHaveBeenCalledTimes(2);
  });

  it('does not start again what the screen stopped', () => {
    const live = createLive('ws://test/graphql', { accessToken: async () => 'token' });
    const resumed = vi.fn();
    const stop = live.subscribe(QUERY, {}, () => undefined, resumed);
    opened[0]?.connected();
    stop();
    expect(operations[0]?.stopped).toBe(true);
    operations[0]?.sink.complete();
    vi.advanceTimersByTime(60_000);
    expect(operations).toHaveLength(1);
    expect(resumed).not.toHaveBeenCalled();
  });

  it('calls a connection that drops while its subscriptions wait to start again lost, and its return a reconnection', () => {
    const { live, socket } = liveAndConnected();
    const reconnected = vi.fn();
    live.onReconnected(reconnected);
    // The server ended the only subscription just before the socket closed.
    operations[0]?.sink.complete();
    socket.closed();
    vi.advanceTimersByTime(LOST_AFTER_MS);
    expect(connection.value).toBe('lost');
    socket.connected();
    expect(connection.value).toBe('connected');
    expect(reconnected).toHaveBeenCalledTimes(1);
  });

  it('tells the screens to read again when the first connection failed and a later one succeeds', () => {
    const live = createLive('ws://test/graphql', { accessToken: async () => 'token' });
    const reconnected = vi.fn();
    live.onReconnected(reconnected);
    live.subscribe(QUERY, {}, () => undefined);
    const socket = opened[0];
    if (socket === undefined) throw new Error('the console opened no connection');
    // The server went away before the first connection was acknowledged.
    socket.closed();
    socket.connected();
    expect(reconnected).toHaveBeenCalledTimes(1);
    // A plain first connection is not a reconnection.
    const other = createLive('ws://test/graphql', { accessToken: async () => 'token' });
    const first = vi.fn();
    other.onReconnected(first);
    other.subscribe(QUERY, {}, () => undefined);
    opened[1]?.connected();
    expect(first).not.toHaveBeenCalled();
  });
});
