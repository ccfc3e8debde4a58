// Allocates and touches 8 MiB buffers until the engine runs out of memory. Not wrapped in
// defineBot: QuickJS's out-of-memory exception escapes and traps the instance, as a real runaway
// plugin would.
import type { BotResponse, Turn } from '@ispchat/plugin-sdk';

const CHUNK = 8 * 1024 * 1024;

export function onMessage(_turn: Turn): BotResponse {
  const hoard: Uint8Array[] = [];
  for (;;) {
    // fill() writes every page, so the memory is really committed, not just reserved.
    hoard.push(new Uint8Array(CHUNK).fill(hoard.length & 0xff));
  }
}
