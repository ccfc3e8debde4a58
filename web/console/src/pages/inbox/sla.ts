/**
 * How long a customer has been waiting for an agent, and the SLA badge for it.
 *
 * The host has no SLA policy yet (docs/conversations.md: "SLA timers are tracked in the
 * issues"), so the thresholds are the console's defaults, in one place to replace when it does.
 */
import type { Row } from './listState';

export const SLA_WARNING_MINUTES = 5;
export const SLA_BREACH_MINUTES = 15;

export type WaitKind = 'queue' | 'firstResponse' | 'reply';
export type SlaLevel = 'ok' | 'warning' | 'breached';

export interface Wait {
  kind: WaitKind;
  since: number;
}

/** Who is waiting and since when: in the queue, for a first answer, or for a reply to new messages. */
export function waitOf(row: Row): Wait | null {
  if (row.status === 'QUEUED') return { kind: 'queue', since: Date.parse(row.queuedAt ?? row.createdAt) };
  if (row.status !== 'OPEN') return null;
  if (row.firstResponseAt === null) return { kind: 'firstResponse', since: Date.parse(row.createdAt) };
  if (row.unreadCount > 0) return { kind: 'reply', since: Date.parse(row.lastActivityAt) };
  return null;
}

export function slaLevel(waitedMs: number): SlaLevel {
  const minutes = waitedMs / 60_000;
  if (minutes >= SLA_BREACH_MINUTES) return 'breached';
  if (minutes >= SLA_WARNING_MINUTES) return 'warning';
  return 'ok';
}

/** `waitedMs` split for display: "42 s", "7 min", "2 h 5 min", "3 d". */
export function durationParts(waitedMs: number): { unit: 's' | 'min' | 'h' | 'd'; value: number; rest?: number } {
  const seconds = Math.max(0, Math.floor(waitedMs / 1000));
  if (seconds < 60) return { unit: 's', value: seconds };
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { unit: 'min', value: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { unit: 'h', value: hours, rest: minutes % 60 };
  return { unit: 'd', value: Math.floor(hours / 24) };
}
