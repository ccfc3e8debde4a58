import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRefresher } from './refresh';

const options = { quietMs: 400, maxWaitMs: 2_000, pollMs: 60_000 };

describe('dashboard refresh', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('coalesces a burst of events into one read after a quiet moment', async () => {
    const read = vi.fn(async () => undefined);
    const refresher = createRefresher(read, options);
    for (let i = 0; i < 5; i++) {
      refresher.nudge();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(read).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(400);
    expect(read).toHaveBeenCalledTimes(1);
    refresher.stop();
  });

  it('still reads during a steady stream, at most maxWait after the first event', async () => {
    const read = vi.fn(async () => undefined);
    const refresher = createRefresher(read, options);
    for (let i = 0; i < 25; i++) {
      refresher.nudge();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(read.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(read.mock.calls.length).toBeLessThanOrEqual(2);
    refresher.stop();
  });

  it('never runs two reads at once, and runs one asked for meanwhile right after', async () => {
    let finish: () => void = () => undefined;
    const read = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const refresher = createRefresher(read, options);
    refresher.now();
    refresher.now();
    refresher.now();
    expect(read).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toHaveBeenCalledTimes(2);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toHaveBeenCalledTimes(2);
    refresher.stop();
  });

  it('polls slowly as a fallback, survives a failed read, and stops', async () => {
    const read = vi.fn(async () => {
      throw new Error('offline');
    });
    const refresher = createRefresher(read, options);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(read).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(read).toHaveBeenCalledTimes(2);
    refresher.stop();
    refresher.nudge();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(read).toHaveBeenCalledTimes(2);
  });
});
