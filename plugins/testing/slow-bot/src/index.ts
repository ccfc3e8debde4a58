// Slow on purpose: every message keeps the CPU busy for N million loop turns (the number after
// `busy`, 20 by default), then replies with how many it ran. Plugins have no clock that moves
// in the host's tests, so the work is counted in turns, not milliseconds. Not wrapped in
// defineBot: nothing here fails.
import type { BotResponse, Turn } from '@ispchat/plugin-sdk';
import { bot, textOf } from '@ispchat/plugin-sdk';

let sink = 0;

export function onMessage(turn: Turn): BotResponse {
  const asked = /busy (\d+)/.exec(textOf(turn.message));
  const millions = asked ? Number(asked[1]) : 20;
  // The sum depends on the input and on a module variable, so no engine can drop the loop.
  for (let i = 0; i < millions * 1_000_000; i += 1) {
    sink = (sink + i + turn.message.id.length) % 1_000_003;
  }
  return bot.reply(`done after ${millions} million turns (${sink >= 0 ? 'spun' : 'idle'})`);
}
