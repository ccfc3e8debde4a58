// Tries every spelling of round-robin's rotation key that a naive host might map into another
// plugin's namespace, plants a marker of its own, and replies with a JSON object
// {key: "absent" | "value:<text>" | "error:<kv-error tag>"}. A message "read KEY" reads that
// key only.
import type { BotResponse, Turn } from '@ispchat/plugin-sdk';
import { bot, defineBot, hostErrorOf, kv, textOf, utf8Decode } from '@ispchat/plugin-sdk';
import type { KvError } from '@ispchat/plugin-sdk';

export const MARKER_KEY = 'kv-spy-marker';
export const FOREIGN_KEYS = [
  'rotation',
  'round-robin/rotation',
  'round-robin:rotation',
  'round-robin.rotation',
  '../round-robin/rotation',
  '/round-robin/rotation',
  'round-robin\u0000rotation',
  '%',
  '*',
];

export function read(key: string): string {
  try {
    const entry = kv.get(key);
    return entry === undefined ? 'absent' : `value:${utf8Decode(entry.value)}`;
  } catch (error) {
    const payload = hostErrorOf<KvError>(error);
    if (payload === undefined) throw error;
    return `error:${payload.tag}`;
  }
}

export const onMessage = defineBot((turn: Turn): BotResponse => {
  const text = textOf(turn.message).trim();
  const keys = text.startsWith('read ') ? [text.slice('read '.length)] : FOREIGN_KEYS;
  const seen = Object.fromEntries(keys.map((key) => [key, read(key)]));
  kv.setJson(MARKER_KEY, 'planted by kv-spy');
  return bot.reply(JSON.stringify(seen));
});
