// Probes the host's HTTP policy. The message text picks what:
//   "go" (or anything else) → the default targets below; replies with a JSON list of {url, outcome};
//   "probe URL"             → that URL only, same reply;
//   "request {json}"        → one request described by the JSON ({url, method?, headers?, body?,
//                             timeoutMs?}); replies with {status, headers, body} or {error}.
// An outcome is "status:<code>" or "error:<http-error tag>[: detail]".
import type { BotResponse, HttpResult, RequestOptions, Turn } from '@ispchat/plugin-sdk';
import { bot, defineBot, http, textOf } from '@ispchat/plugin-sdk';

type HttpError = Extract<HttpResult, { ok: false }>['error'];

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

function describe(error: HttpError): string {
  return 'val' in error ? `error:${error.tag}: ${String(error.val)}` : `error:${error.tag}`;
}

export function probe(url: string): Probe {
  const result = http.tryRequest(url, { timeoutMs: 2000 });
  if (result.ok) return { url, outcome: `status:${result.response.status}` };
  return { url, outcome: describe(result.error) };
}

export interface RequestSpec extends Pick<RequestOptions, 'method' | 'headers' | 'timeoutMs'> {
  url: string;
  body?: string;
}

/** One request as the test describes it; the reply shows exactly what the plugin got back. */
export function request(spec: RequestSpec): Record<string, unknown> {
  const { url, ...options } = spec;
  const result = http.tryRequest(url, options);
  if (!result.ok) return { error: describe(result.error) };
  const { status, headers } = result.response;
  return { status, headers, body: result.response.text() };
}

export const onMessage = defineBot((turn: Turn): BotResponse => {
  const text = textOf(turn.message).trim();
  if (text.startsWith('request ')) {
    const spec = JSON.parse(text.slice('request '.length)) as RequestSpec;
    return bot.reply(JSON.stringify(request(spec)));
  }
  const targets = text.startsWith('probe ') ? [text.slice('probe '.length).trim()] : DEFAULT_TARGETS;
  return bot.reply(JSON.stringify(targets.map(probe)));
});
