/**
 * How long a customer has been waiting, and the SLA badge for it. The host owns the policy
 * (docs/graphql.md, "Service-level targets"): it says since when the customer waits
 * (`waitingSince`) and where the conversation stands (`sla`), including when the running target
 * turns amber (`atRiskAt`) and red (`dueAt`), so a badge changes colour on time between events.
 */
import type { Row } from './listState';

export type WaitKind = 'queue' | 'firstResponse' | 'reply';
export type SlaLevel = 'ok' | 'warning' | 'breached';

export interface Wait {
  kind: WaitKind;
  since: number;
}

/** Who is waiting and since when: in the queue, for a first answer, or for a reply to new messages. */
export function waitOf(row: Row): Wait | null {
  if (row.waitingSince === null || row.waitingSince === undefined) return null;
  const since = Date.parse(row.waitingSince);
  if (row.status === 'QUEUED') return { kind: 'queue', since };
  if (row.status !== 'OPEN') return null;
  return { kind: row.firstResponseAt === null ? 'firstResponse' : 'reply', since };
}

/** The badge's colour at `now`: the host's standing, moved on by the running target's times. */
export function slaLevel(row: Row, now: number): SlaLevel {
  const sla = row.sla;
  if (!sla) return 'ok';
  const next = sla.next;
  if (sla.state === 'BREACHED' || (next && now >= Date.parse(next.dueAt))) return 'breached';
  if (sla.state === 'AT_RISK' || (next && now >= Date.parse(next.atRiskAt))) return 'warning';
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
