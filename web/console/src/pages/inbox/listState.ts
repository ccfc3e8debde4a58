/**
 * The conversation list's rules, free of UI: which views a role has, the server filter of a
 * view, whether a conversation belongs in the list, and how live events change the list (so
 * the list shown always equals what a reload would show, minus search-only matches).
 */
import type { ConversationFilterInput, ConversationPriority, ConversationRowFragment, ConversationStatus, InboxEventsSubscription } from '../../gql/graphql';

export type Row = ConversationRowFragment;
export type InboxEvent = InboxEventsSubscription['inboxEvents'];
export type View = 'mine' | 'unassigned' | 'team' | 'all';
export type Role = 'ADMIN' | 'SUPERVISOR' | 'AGENT';

/** `active`: what still needs an agent (queued, open, waiting for the customer). */
export type StatusChoice = 'active' | ConversationStatus;
export const ACTIVE_STATUSES: readonly ConversationStatus[] = ['QUEUED', 'OPEN', 'PENDING'];
export const STATUS_CHOICES: readonly StatusChoice[] = ['active', 'BOT', 'QUEUED', 'OPEN', 'PENDING', 'SNOOZED', 'RESOLVED'];
export const PRIORITIES: readonly ConversationPriority[] = ['URGENT', 'HIGH', 'NORMAL', 'LOW'];

export interface Filters {
  status: StatusChoice;
  inboxId: string | null;
  label: string | null;
  priority: ConversationPriority | null;
  search: string;
}

export const NO_FILTERS: Filters = { status: 'active', inboxId: null, label: null, priority: null, search: '' };

export interface Viewer {
  id: string;
  role: Role;
  teamIds: readonly string[];
}

export interface ListQuery {
  view: View;
  /** The team of the `team` view. */
  teamId: string | null;
  filters: Filters;
}

/** Agents see their own, the queue and their teams'; supervisors and admins also everything. */
export function viewsFor(role: Role): View[] {
  return role === 'AGENT' ? ['mine', 'unassigned', 'team'] : ['mine', 'unassigned', 'team', 'all'];
}

export function statusesOf(choice: StatusChoice): ConversationStatus[] {
  return choice === 'active' ? [...ACTIVE_STATUSES] : [choice];
}

/** The `conversations(filter:)` argument of a view with its filters. */
export function filterInput(query: ListQuery, viewer: Viewer): ConversationFilterInput {
  const { filters } = query;
  const input: ConversationFilterInput = { status: statusesOf(filters.status) };
  if (query.view === 'mine') input.assigneeId = viewer.id;
  if (query.view === 'unassigned') input.unassigned = true;
  if (query.view === 'team' && query.teamId !== null) input.teamId = query.teamId;
  if (filters.inboxId !== null) input.inboxId = filters.inboxId;
  if (filters.label !== null) input.label = filters.label;
  if (filters.priority !== null) input.priority = filters.priority;
  const search = filters.search.trim();
  if (search !== '') input.search = search;
  return input;
}

/** Whether `row` belongs in the list, by everything but the search text (see `applyEvent`). */
export function matches(row: Row, query: ListQuery, viewer: Viewer): boolean {
  const { filters } = query;
  if (!statusesOf(filters.status).includes(row.status)) return false;
  if (query.view === 'mine' && row.assignee?.id !== viewer.id) return false;
  if (query.view === 'unassigned' && row.assignee !== null) return false;
  if (query.view === 'team' && (query.teamId === null || row.team?.id !== query.teamId)) return false;
  if (filters.inboxId !== null && row.inbox.id !== filters.inboxId) return false;
  if (filters.label !== null && !row.labels.includes(filters.label.toLowerCase())) return false;
  if (filters.priority !== null && row.priority !== filters.priority) return false;
  return true;
}

/** The server's order: most recent activity first. */
export function sortRows(rows: Row[]): Row[] {
  return rows.sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The list after a live event. The event carries the conversation as it is now, so it replaces
 * the row (unless it is older than the row: events can cross a reload), enters the list when it
 * now matches and leaves it when it no longer does. With a search text the server decides
 * what matches (message words), so live events only update rows already listed.
 */
export function applyEvent(rows: readonly Row[], event: InboxEvent, query: ListQuery, viewer: Viewer): Row[] {
  const incoming = event.conversation;
  const index = rows.findIndex((row) => row.id === incoming.id);
  const existing = index >= 0 ? rows[index] : undefined;
  if (existing !== undefined && incoming.lastSeq < existing.lastSeq) return [...rows];
  const next = rows.filter((row) => row.id !== incoming.id);
  const searching = query.filters.search.trim() !== '';
  if (matches(incoming, query, viewer) && (existing !== undefined || !searching)) next.push(incoming);
  return sortRows(next);
}

/** Rows of a newly loaded page appended to those listed, without duplicates. */
export function mergePage(rows: readonly Row[], page: readonly Row[]): Row[] {
  const seen = new Set(rows.map((row) => row.id));
  return [...rows, ...page.filter((row) => !seen.has(row.id))];
}

/** Unread customer messages across the list, for the tab title. */
export const totalUnread = (rows: readonly Row[]): number => rows.reduce((sum, row) => sum + row.unreadCount, 0);
