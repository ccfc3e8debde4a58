/**
 * Turns the host's `dashboard` numbers into what the page shows: chart series, durations and
 * averages in the reader's language, what "today" means, and live presence changes applied to the
 * agents at once (the full numbers follow with the next read).
 */
import type { DashboardQuery, Presence } from '../../gql/graphql';
import { type Locale, translate } from '../../i18n';

export type DashboardData = DashboardQuery['dashboard'];
export type Agent = DashboardData['agents'][number];
export type QueueRow = DashboardData['queues'][number];

export const STATUSES = ['bot', 'queued', 'open', 'pending', 'snoozed'] as const;
export type StatusKey = (typeof STATUSES)[number];

const statusLabel = {
  bot: 'inbox.status.BOT',
  queued: 'inbox.status.QUEUED',
  open: 'inbox.status.OPEN',
  pending: 'inbox.status.PENDING',
  snoozed: 'inbox.status.SNOOZED',
} as const;

export interface Series {
  labels: string[];
  values: number[];
}

/** Conversations in each status now, in a fixed order so colours stay put between refreshes. */
export function statusSeries(counts: DashboardData['counts'], locale: Locale): Series {
  return {
    labels: STATUSES.map((status) => translate(locale, statusLabel[status])),
    values: STATUSES.map((status) => counts[status]),
  };
}

export interface QueueSeries {
  labels: string[];
  lengths: number[];
  /** Longest wait in minutes (one decimal), for a second axis next to the lengths. */
  longestWaitMinutes: number[];
  /** The queues in the same order as the labels, for the table next to the chart. */
  rows: QueueRow[];
}

/** Queues by team name; the queue of inboxes without a team is named as such, and sorts last. */
export function queueSeries(queues: readonly QueueRow[], locale: Locale): QueueSeries {
  const named = queues.map((queue) => ({ queue, name: queue.team?.name ?? translate(locale, 'dashboard.noTeam') }));
  named.sort((a, b) => (a.queue.team === null ? 1 : 0) - (b.queue.team === null ? 1 : 0) || a.name.localeCompare(b.name, locale));
  return {
    labels: named.map(({ name }) => name),
    lengths: named.map(({ queue }) => queue.length),
    longestWaitMinutes: named.map(({ queue }) => Math.round(queue.longestWaitSeconds / 6) / 10),
    rows: named.map(({ queue }) => queue),
  };
}

export interface AgentSeries extends Series {
  presences: Presence[];
}

/** Each agent's load (open or pending conversations), in the host's order (by name). */
export function agentSeries(agents: readonly Agent[]): AgentSeries {
  return {
    labels: agents.map((agent) => agent.user.name),
    values: agents.map((agent) => agent.activeConversations),
    presences: agents.map((agent) => agent.presence),
  };
}

export function presenceCounts(agents: readonly Agent[]): Record<Presence, number> {
  const counts: Record<Presence, number> = { ONLINE: 0, AWAY: 0, OFFLINE: 0 };
  for (const agent of agents) counts[agent.presence] += 1;
  return counts;
}

export interface PresenceChange {
  userId: string;
  presence: Presence;
  since: string;
}

/** An agent's new presence shown at once; a member the dashboard does not cover is ignored. */
export function applyPresence(data: DashboardData, change: PresenceChange): DashboardData {
  if (!data.agents.some((agent) => agent.user.id === change.userId)) return data;
  return {
    ...data,
    agents: data.agents.map((agent) =>
      agent.user.id === change.userId ? { ...agent, presence: change.presence, presenceSince: change.since } : agent,
    ),
  };
}

/** "42 s", "7 min 5 s", "2 h 5 min", "3 d 4 h"; a dash for no value (nothing measured today). */
export function formatDuration(seconds: number | null | undefined, locale: Locale): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return translate(locale, 'time.s', { n: total });
  const minutes = Math.floor(total / 60);
  if (minutes < 60) {
    const rest = total % 60;
    return rest === 0 ? translate(locale, 'time.min', { n: minutes }) : translate(locale, 'time.mins', { n: minutes, s: rest });
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest === 0 ? translate(locale, 'time.h', { n: hours }) : translate(locale, 'time.hmin', { n: hours, m: rest });
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? translate(locale, 'time.d', { n: days }) : translate(locale, 'time.dh', { n: days, h: rest });
}

/** A satisfaction average (1–5) with one decimal in the reader's notation; a dash without ratings. */
export function formatScore(average: number | null | undefined, locale: Locale): string {
  if (average === null || average === undefined) return '—';
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(average);
}

/** What "today" means: since midnight in the ISP's zone, said in that zone. */
export function describeSince(since: string, timezone: string, locale: Locale): string {
  const date = new Date(since);
  const day = new Intl.DateTimeFormat(locale, { timeZone: timezone, dateStyle: 'short' }).format(date);
  const time = new Intl.DateTimeFormat(locale, { timeZone: timezone, hour: '2-digit', minute: '2-digit' }).format(date);
  return translate(locale, 'dashboard.since', { day, time, zone: timezone });
}

export interface TimeSeries {
  labels: string[];
  /** Minutes with one decimal; `null` (no bar) when nothing was measured today. */
  averageMinutes: (number | null)[];
  medianMinutes: (number | null)[];
}

const minutes = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds / 6) / 10);

/** First response and resolution, average next to median, in minutes. */
export function timeSeries(firstResponse: DashboardData['firstResponse'], resolution: DashboardData['resolution'], locale: Locale): TimeSeries {
  const stats = [firstResponse, resolution];
  return {
    labels: [translate(locale, 'dashboard.times.firstResponse'), translate(locale, 'dashboard.times.resolution')],
    averageMinutes: stats.map((stat) => minutes(stat.averageSeconds ?? null)),
    medianMinutes: stats.map((stat) => minutes(stat.medianSeconds ?? null)),
  };
}
