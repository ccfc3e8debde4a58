// Round-robin router: the queued conversation goes to the available agent whom this router
// assigned least recently. The rotation lives in the plugin's kv store and is updated with
// compare-and-swap, so two conversations routed at the same moment (on one or several host
// processes) do not both go to the same agent.
import type { Candidate, RoutingDecision, RoutingRequest } from '@ispchat/plugin-sdk';
import { defineRouter, describeError, kv, log, now, routing, settings } from '@ispchat/plugin-sdk';
import { pick, remember } from './rotation';
import type { Rotation } from './rotation';

export const ROTATION_KEY = 'rotation';

export function decide(request: RoutingRequest): RoutingDecision {
  let chosen: Candidate | undefined;
  try {
    const at = now();
    kv.updateJson<Rotation>(ROTATION_KEY, (current) => {
      // Runs again on the winner's rotation after a conflict, so the choice is remade too.
      chosen = pick(request.candidates, current ?? {});
      return chosen === undefined ? (current ?? {}) : remember(current ?? {}, chosen.agentId, at);
    });
  } catch (error) {
    // Without the store the rotation is lost, not the service: fall back to the longest idle.
    log.warn('rotation unavailable; choosing the longest idle agent', { error: describeError(error) });
    chosen = pick(request.candidates, {});
  }
  if (chosen === undefined) {
    log.debug('nobody available', { conversation: request.conversation.id, candidates: request.candidates.length });
    return overflow(request);
  }
  return routing.assign(chosen.agentId);
}

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** Nobody in the team can take it: the overflow team's queue, when one is set and is another team. */
function overflow(request: RoutingRequest): RoutingDecision {
  const team = settings.string('overflow-team', '').trim();
  // The host ignores a move to the team the conversation is already in, so a name is enough.
  if (team === '' || team === request.queue.teamId) return routing.abstain();
  const priority = settings.raw('overflow-priority');
  const known = PRIORITIES.find((p) => p === priority);
  return routing.enqueue({ team, priority: known });
}

export const route = defineRouter(decide);
