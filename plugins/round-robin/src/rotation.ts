// The round-robin rule, free of host calls so it is tested as plain data.
import type { Candidate } from '@ispchat/plugin-sdk';
import { hasCapacity } from '@ispchat/plugin-sdk';

/** agent id → when this router last assigned them (ms since the epoch). */
export type Rotation = Record<string, number>;

/** Forget agents not assigned for this long (people leave; the kv value must stay small). */
export const FORGET_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
/** A hard bound on the remembered agents, far above any ISP's team yet well inside kv's 64 KiB. */
export const MAX_REMEMBERED = 500;

/**
 * The available candidate assigned least recently; never-assigned agents first, then the one idle
 * longest, then by id so that the choice is deterministic.
 */
export function pick(candidates: readonly Candidate[], rotation: Rotation): Candidate | undefined {
  const available = candidates.filter(hasCapacity);
  available.sort(
    (a, b) =>
      (rotation[a.agentId] ?? 0) - (rotation[b.agentId] ?? 0) ||
      b.idleMs - a.idleMs ||
      (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
  );
  return available[0];
}

/** Record an assignment and drop what no longer matters. */
export function remember(rotation: Rotation, agentId: string, now: number): Rotation {
  const entries = Object.entries({ ...rotation, [agentId]: now })
    .filter(([, at]) => now - at < FORGET_AFTER_MS)
    .sort(([, a], [, b]) => b - a)
    .slice(0, MAX_REMEMBERED);
  return Object.fromEntries(entries);
}
