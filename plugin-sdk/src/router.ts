import type { Candidate, Enqueue, RoutingDecision, RoutingRequest } from 'ispchat:types/router@1.0.0';
import type { PluginError } from 'ispchat:types/common@1.0.0';
import { guard, isPluginError } from './errors';

export const routing = {
  assign: (agentId: string): RoutingDecision => ({ tag: 'assign', val: agentId }),
  enqueue: (options: Partial<Enqueue> = {}): RoutingDecision => ({
    tag: 'enqueue',
    val: { team: options.team, priority: options.priority, ext: options.ext ?? '' },
  }),
  abstain: (): RoutingDecision => ({ tag: 'abstain' }),
};

/** Online, and below their conversation limit. */
export function hasCapacity(candidate: Candidate): boolean {
  return candidate.presence === 'online' && candidate.activeConversations < candidate.maxConversations;
}

/** Declare the router world's export: `export const route = defineRouter((request) => ...)`. */
export function defineRouter(
  handler: (request: RoutingRequest) => RoutingDecision,
): (request: RoutingRequest) => RoutingDecision {
  return guard(handler, isPluginError, (message): PluginError => ({ code: 'uncaught-exception', message, retryable: false }));
}
