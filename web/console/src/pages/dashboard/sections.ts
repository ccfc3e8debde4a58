/**
 * The dashboard's sections, in page order. A deeper report (SLA, time online, per channel) is
 * one more entry here: a component that gets the same `dashboard` data, or reads its own.
 */
import type { ComponentType } from 'preact';
import type { Role } from '../../app/routes';
import { Agents } from './sections/Agents';
import { Conversations } from './sections/Conversations';
import { Queues } from './sections/Queues';
import { Times } from './sections/Times';
import type { DashboardData } from './shape';

export interface DashboardSection {
  id: string;
  roles: readonly Role[];
  /** Takes the full width of the grid rather than half of it on wide screens. */
  wide?: boolean;
  component: ComponentType<{ data: DashboardData }>;
}

export const sections: readonly DashboardSection[] = [
  { id: 'conversations', roles: ['ADMIN', 'SUPERVISOR'], wide: true, component: Conversations },
  { id: 'queues', roles: ['ADMIN', 'SUPERVISOR'], component: Queues },
  { id: 'agents', roles: ['ADMIN', 'SUPERVISOR'], component: Agents },
  { id: 'times', roles: ['ADMIN', 'SUPERVISOR'], wide: true, component: Times },
];
