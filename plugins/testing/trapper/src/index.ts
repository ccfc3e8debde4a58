// Crashes on purpose. The message text picks how:
//   anything else → throws a plain Error: not an `err` value, so the component traps;
//   "error"       → returns err(plugin-error) the proper way (no trap);
//   "recursion"   → unbounded recursion until the engine's stack limit;
//   "ok"          → replies normally (to show a fresh instance works after a trap).
// Not wrapped in defineBot, which would turn the throw into a plugin-error.
import type { BotResponse, Turn } from '@ispchat/plugin-sdk';
import { bot, fail, textOf } from '@ispchat/plugin-sdk';

function recurse(depth: number): number {
  return recurse(depth + 1) + 1;
}

export function onMessage(turn: Turn): BotResponse {
  const mode = textOf(turn.message).trim().toLowerCase();
  if (mode === 'ok') return bot.reply('still alive');
  if (mode === 'error') fail('deliberate', 'trapper was asked to fail', { retryable: false });
  if (mode === 'recursion') return bot.reply(String(recurse(0)));
  throw new Error('trapper: deliberate crash');
}
