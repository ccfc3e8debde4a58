/**
 * The dashboard's live state: today's numbers for the chosen team (or all the caller may see),
 * re-read when `inboxEvents` or `presenceEvents` say something changed, on a slow poll, after a
 * reconnection (events are not replayed) and when the tab comes back to the foreground.
 */
import { signal } from '@preact/signals';
import { api, live } from '../../app/auth';
import type { ConversationEventKind } from '../../gql/graphql';
import { DashboardDocument, DashboardInboxEventsDocument, DashboardPresenceEventsDocument } from './operations';
import { createRefresher, DEFAULT_REFRESH, type RefreshOptions } from './refresh';
import { applyPresence, type DashboardData } from './shape';

/** Events that can change a number on the page (typing, read marks and deliveries cannot). */
const COUNTED: ConversationEventKind[] = ['CREATED', 'MESSAGE_CREATED', 'STATUS_CHANGED', 'ASSIGNED', 'TRANSFERRED'];

export function createDashboardStore(options: RefreshOptions = DEFAULT_REFRESH) {
  const teamId = signal<string | null>(null);
  const data = signal<DashboardData | null>(null);
  const error = signal<unknown>(null);
  let generation = 0;

  async function read(): Promise<void> {
    const mine = ++generation;
    try {
      const { dashboard } = await api.request(DashboardDocument, { teamId: teamId.value });
      // A newer read (another team chosen meanwhile) wins.
      if (mine !== generation) return;
      data.value = dashboard;
      error.value = null;
    } catch (failure) {
      if (mine === generation) error.value = failure;
    }
  }

  const refresher = createRefresher(read, options);
  let stopFeeds: (() => void) | null = null;

  /** (Re)subscribes for the current team; presence changes show at once, then numbers follow. */
  function subscribe(): void {
    stopFeeds?.();
    const team = teamId.value;
    const stopPresence = live.subscribe(DashboardPresenceEventsDocument, { teamId: team }, ({ presenceEvents }) => {
      if (data.value !== null) data.value = applyPresence(data.value, presenceEvents);
      refresher.nudge();
    }, () => refresher.now());
    const filter = { kinds: COUNTED, ...(team === null ? {} : { teamId: team }) };
    const stopInbox = live.subscribe(DashboardInboxEventsDocument, { filter }, () => refresher.nudge(), () => refresher.now());
    stopFeeds = () => {
      stopPresence();
      stopInbox();
    };
  }

  function connect(): () => void {
    subscribe();
    refresher.now();
    const stopReconnect = live.onReconnected(() => refresher.now());
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresher.now();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopFeeds?.();
      stopFeeds = null;
      stopReconnect();
      document.removeEventListener('visibilitychange', onVisible);
      refresher.stop();
    };
  }

  function setTeam(next: string | null): void {
    if (next === teamId.value) return;
    teamId.value = next;
    data.value = null;
    subscribe();
    refresher.now();
  }

  return { teamId, data, error, connect, setTeam, reload: () => refresher.now() };
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;
