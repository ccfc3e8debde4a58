// Never returns: only the host's epoch deadline can stop this call. Deliberately not wrapped in
// defineBot — there is nothing to catch.
import type { BotResponse, Turn } from '@ispchat/plugin-sdk';

let spins = 0;

export function onMessage(turn: Turn): BotResponse {
  // The condition depends on the input and on a module variable, so no engine can prove the
  // loop dead and drop it.
  while (turn.message.id !== '' || spins >= 0) {
    spins = (spins + 1) % 1_000_000;
  }
  return { action: { tag: 'no-action' }, addLabels: [], ext: '' };
}
