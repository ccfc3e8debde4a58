/**
 * The signed-in member's presence as the header shows it. Read from `me`, changed with
 * `setPresence`, and followed on `presenceEvents`: the host can change it behind the console's
 * back (a timeout after the laptop slept, the member's other tab). Following it also keeps the
 * console's WebSocket open, and an open socket is what the host's heartbeat counts as "seen"
 * (docs/graphql.md#presence), so an agent at an idle console stays online.
 */
import { signal } from '@preact/signals';
import type { Presence } from '../../gql/graphql';
import { api, live } from '../auth';
import { MyPresenceDocument, MyPresenceEventsDocument, SetPresenceDocument } from './operations';

export const PRESENCES: readonly Presence[] = ['ONLINE', 'AWAY', 'OFFLINE'];

export interface PresenceState {
  presence: Presence;
  since: string | null;
}

export const myPresence = signal<PresenceState | null>(null);
export const presenceSaving = signal(false);
export const presenceError = signal<unknown>(null);

/** The member's state after a presence event: only their own events change it. */
export function applyOwnEvent(current: PresenceState | null, event: { userId: string; presence: Presence; since: string }, myId: string): PresenceState | null {
  if (event.userId !== myId) return current;
  return { presence: event.presence, since: event.since };
}

/** Which option a key moves to in the menu (arrows wrap, Home/End jump); `null` for other keys. */
export function moveIndex(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

export async function loadPresence(): Promise<void> {
  const { me } = await api.request(MyPresenceDocument);
  myPresence.value = { presence: me.presence, since: me.presenceSince ?? null };
}

export async function changePresence(next: Presence): Promise<void> {
  presenceSaving.value = true;
  presenceError.value = null;
  try {
    const { setPresence } = await api.request(SetPresenceDocument, { presence: next });
    myPresence.value = { presence: setPresence.presence, since: setPresence.presenceSince ?? null };
  } catch (error) {
    presenceError.value = error;
  } finally {
    presenceSaving.value = false;
  }
}

/** Loads and follows the member's presence until the returned stop is called (sign-out). */
export function followPresence(myId: string): () => void {
  void loadPresence().catch((error: unknown) => (presenceError.value = error));
  // Events are not replayed: what changed while disconnected is read again.
  const reload = () => void loadPresence().catch(() => undefined);
  const stopEvents = live.subscribe(
    MyPresenceEventsDocument,
    {},
    ({ presenceEvents }) => {
      myPresence.value = applyOwnEvent(myPresence.value, presenceEvents, myId);
    },
    reload,
  );
  const stopReconnect = live.onReconnected(reload);
  return () => {
    stopEvents();
    stopReconnect();
    myPresence.value = null;
  };
}
