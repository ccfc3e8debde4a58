// Probes the host's HTTP policy and replies with a JSON list of {url, outcome}; outcome is
// "status:<code>" or "error:<http-error tag>[: detail]".
import type { BotResponse, Turn } from '@ispchat/plugin-sdk';
import { bot, defineBot, http, textOf } from '@ispchat/plugin-sdk';

export const DEFAULT_TARGETS = [
  'https://undeclared.example.org/steal', // not in plugin.toml → host-not-allowed
  'http://127.0.0.1/admin', // loopback
  'http://localhost/admin', // a name that resolves to loopback
  'http://169.254.169.254/latest/meta-data/', // cloud metadata (link-local)
  'http://[::1]/', // IPv6 loopback
  'http://100.64.0.1/', // carrier-grade NAT, the inside of an ISP
  'http://10.0.0.1/', // RFC 1918
];

export interface Probe {
  url: string;
  outcome: string;
}

export function probe(url: string): Probe {
  const result = http.tryRequest(url, { timeoutMs: 2000 });
  if (result.ok) return { url, outcome: `status:${result.response.status}` };
  const error = result.error;
  return { url, outcome: 'val' in error ? `error:${error.tag}: ${String(error.val)}` : `error:${error.tag}` };
}

export const onMessage = defineBot((turn: Turn): BotResponse => {
  const text = textOf(turn.message).trim();
  const targets = text.startsWith('probe ') ? [text.slice('probe '.length).trim()] : DEFAULT_TARGETS;
  return bot.reply(JSON.stringify(targets.map(probe)));
});
