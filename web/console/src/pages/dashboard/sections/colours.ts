/** Chart colours: one per status and presence, readable on both themes. */
import type { Presence } from '../../../gql/graphql';
import type { StatusKey } from '../shape';

export const statusColour: Record<StatusKey, string> = {
  bot: '#7c3aed',
  queued: '#d97706',
  open: '#0b8a5f',
  pending: '#2563eb',
  snoozed: '#64748b',
};

export const presenceColour: Record<Presence, string> = {
  ONLINE: '#16a34a',
  AWAY: '#d97706',
  OFFLINE: '#94a3b8',
};
