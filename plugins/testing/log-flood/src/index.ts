// Floods the host's log. The message text picks how:
//   "flood N" → N info lines `log-flood line <i>` in a loop;
//   "long N"  → one line of N × "é" (2 bytes each in UTF-8), to show truncation on a char boundary;
// and replies with how many lines it tried to write, so the host test compares tried and emitted.
import type { BotResponse, Turn } from '@ispchat/plugin-sdk';
import { bot, defineBot, log, textOf } from '@ispchat/plugin-sdk';

export function parseCommand(text: string): { mode: 'flood' | 'long'; count: number } {
  const [mode, count] = text.trim().split(/\s+/);
  const n = Number.parseInt(count ?? '', 10);
  return { mode: mode === 'long' ? 'long' : 'flood', count: Number.isFinite(n) && n > 0 ? n : 1000 };
}

export const onMessage = defineBot((turn: Turn): BotResponse => {
  const { mode, count } = parseCommand(textOf(turn.message));
  if (mode === 'long') {
    log.info(`log-flood long ${'é'.repeat(count)}`);
    return bot.reply('1');
  }
  for (let i = 0; i < count; i++) {
    log.info(`log-flood line ${i}`, { i });
  }
  return bot.reply(String(count));
});
