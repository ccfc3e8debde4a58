/** Rules of the conversation's actions bar, kept out of the components so they can be tested. */
import type { ConversationPriority, ConversationStatus } from '../../gql/graphql';

export const PRIORITIES: readonly ConversationPriority[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];

/**
 * The moment a `datetime-local` value (`2026-11-27T14:30`, the browser's local time) names, or
 * null when it is not a valid time or is not in the future: the host would refuse to snooze
 * into the past, and saying so before sending is kinder.
 */
export function parseSnoozeUntil(value: string, now: Date): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (match === null) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const at = new Date(year, month - 1, day, hour, minute);
  // `Date` rolls 31 February over into March: refuse what the fields did not say.
  if (at.getFullYear() !== year || at.getMonth() !== month - 1 || at.getDate() !== day || at.getHours() !== hour || at.getMinutes() !== minute) return null;
  return at.getTime() > now.getTime() ? at : null;
}

/** The `datetime-local` value for `hours` from now, offered as the snooze field's default. */
export function snoozeDefault(now: Date, hours = 1): string {
  const at = new Date(now.getTime() + hours * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The labels with `name` added or taken away, lower-cased like the host stores them, sorted. */
export function toggleLabel(labels: readonly string[], name: string): string[] {
  const key = name.toLowerCase();
  const set = new Set(labels.map((label) => label.toLowerCase()));
  if (set.has(key)) set.delete(key);
  else set.add(key);
  return [...set].sort();
}

/** Which status actions make sense now (the host refuses the others with BAD_USER_INPUT). */
export function statusActions(status: ConversationStatus, assigned: boolean): { resolve: boolean; reopen: boolean; snooze: boolean } {
  const active = status !== 'RESOLVED';
  return { resolve: active, reopen: status === 'RESOLVED', snooze: active && status !== 'BOT' && assigned };
}

/** A transfer needs somewhere to go; with an agent the team is optional. */
export function transferTarget(teamId: string, agentId: string): { toTeamId?: string; toAgentId?: string } | null {
  if (teamId === '' && agentId === '') return null;
  return { ...(teamId !== '' ? { toTeamId: teamId } : {}), ...(agentId !== '' ? { toAgentId: agentId } : {}) };
}
