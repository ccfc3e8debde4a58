/**
 * When the dashboard re-reads its numbers. Live events come in bursts (a busy hour is many
 * messages a second) and each read costs the host several queries, so events are coalesced: a
 * read `quietMs` after the last event, but at most `maxWaitMs` after the first one so a steady
 * stream still shows. A slow poll covers events the socket missed; a read in flight is never
 * doubled, and one requested meanwhile runs right after it.
 */
export interface RefreshOptions {
  quietMs: number;
  maxWaitMs: number;
  pollMs: number;
}

export const DEFAULT_REFRESH: RefreshOptions = { quietMs: 400, maxWaitMs: 2_000, pollMs: 60_000 };

export interface Refresher {
  /** Something changed: read again soon. */
  nudge(): void;
  /** Read now (a filter changed, the tab came back). */
  now(): void;
  stop(): void;
}

export function createRefresher(read: () => Promise<void>, options: RefreshOptions = DEFAULT_REFRESH): Refresher {
  let quiet: ReturnType<typeof setTimeout> | null = null;
  let deadline: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;
  let stopped = false;

  const clear = () => {
    if (quiet !== null) clearTimeout(quiet);
    if (deadline !== null) clearTimeout(deadline);
    quiet = null;
    deadline = null;
  };

  const run = () => {
    clear();
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void read()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  };

  const poll = setInterval(run, options.pollMs);

  return {
    nudge() {
      if (stopped) return;
      if (quiet !== null) clearTimeout(quiet);
      quiet = setTimeout(run, options.quietMs);
      deadline ??= setTimeout(run, options.maxWaitMs);
    },
    now: run,
    stop() {
      stopped = true;
      clear();
      clearInterval(poll);
    },
  };
}
