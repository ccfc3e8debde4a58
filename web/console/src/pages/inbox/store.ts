/**
 * The inbox list's live state: loads a view's first page, appends more, applies `inboxEvents`
 * as they come, and reloads after a reconnection (inbox events are not replayed by the host).
 */
import { computed, signal } from '@preact/signals';
import { api, live } from '../../app/auth';
import type { ConversationEventKind, ConversationPriority } from '../../gql/graphql';
import { ClaimNextDocument, ConversationListDocument, InboxEventsDocument } from './operations';
import { applyEvent, filterInput, type Filters, type ListQuery, mergePage, NO_FILTERS, type Row, totalUnread, type View, type Viewer } from './listState';

const PAGE = 40;
/** Everything that changes a row; typing and delivery updates do not. */
const LIST_KINDS: ConversationEventKind[] = ['CREATED', 'MESSAGE_CREATED', 'STATUS_CHANGED', 'ASSIGNED', 'TRANSFERRED', 'PRIORITY_CHANGED', 'LABELS_CHANGED', 'READ'];

export function createInboxStore(viewer: Viewer) {
  const query = signal<ListQuery>({ view: 'mine', teamId: viewer.teamIds[0] ?? null, filters: NO_FILTERS });
  const rows = signal<Row[]>([]);
  const cursor = signal<string | null>(null);
  const loading = signal(false);
  const error = signal<unknown>(null);
  let generation = 0;

  async function load(more = false): Promise<void> {
    const mine = more ? generation : ++generation;
    loading.value = true;
    error.value = null;
    try {
      const { conversations } = await api.request(ConversationListDocument, {
        filter: filterInput(query.value, viewer),
        first: PAGE,
        after: more ? cursor.value : null,
      });
      // A newer load (the filters changed meanwhile) wins.
      if (mine !== generation) return;
      rows.value = more ? mergePage(rows.value, conversations.nodes) : conversations.nodes;
      cursor.value = conversations.pageInfo.hasNextPage ? conversations.pageInfo.endCursor ?? null : null;
    } catch (failure) {
      if (mine === generation) error.value = failure;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function update(change: Partial<Omit<ListQuery, 'filters'>> & { filters?: Partial<Filters> }): void {
    const current = query.value;
    query.value = { ...current, ...change, filters: { ...current.filters, ...change.filters } };
    void load();
  }

  /** Subscribes to live events; returns the unsubscribe. */
  function connect(): () => void {
    const stop = live.subscribe(
      InboxEventsDocument,
      { filter: { kinds: LIST_KINDS } },
      (data) => {
        rows.value = applyEvent(rows.value, data.inboxEvents, query.value, viewer);
      },
      () => void load(),
    );
    const stopReconnect = live.onReconnected(() => void load());
    return () => {
      stop();
      stopReconnect();
    };
  }

  /** Takes the oldest queued conversation; `null` when the queue is empty. */
  async function claimNext(): Promise<Row | null> {
    const teamId = query.value.view === 'team' ? query.value.teamId : null;
    const { claimNextConversation } = await api.request(ClaimNextDocument, { teamId });
    if (claimNextConversation !== null) {
      rows.value = applyEvent(rows.value, { kind: 'ASSIGNED', seq: claimNextConversation.lastSeq, at: claimNextConversation.lastActivityAt, conversation: claimNextConversation, message: null }, query.value, viewer);
    }
    return claimNextConversation;
  }

  return {
    query,
    rows,
    loading,
    error,
    hasMore: computed(() => cursor.value !== null),
    unread: computed(() => totalUnread(rows.value)),
    load,
    loadMore: () => load(true),
    setView: (view: View) => update({ view }),
    setTeam: (teamId: string) => update({ teamId }),
    setFilters: (filters: Partial<Filters>) => update({ filters }),
    setPriority: (priority: ConversationPriority | null) => update({ filters: { priority } }),
    connect,
    claimNext,
  };
}

export type InboxStore = ReturnType<typeof createInboxStore>;
