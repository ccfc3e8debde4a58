// The webhook: Meta's GET verification handshake and signed POST notifications
// (https://developers.facebook.com/docs/graph-api/webhooks/getting-started).
import type { WebhookRequest, WebhookResult } from '@ispchat/plugin-sdk';
import { crypto, fail, fromHex, hostErrorOf, log, parseJson, secrets, webhookBodyText, webhookHeader, webhookReply } from '@ispchat/plugin-sdk';
import { APP_SECRET, VERIFY_TOKEN, config } from './config';
import { parsePayload } from './inbound';

/** `a=1&b=x%20y` → value of `name`, percent- and `+`-decoded; undefined when absent. */
export function queryParam(query: string, name: string): string | undefined {
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (decode(key) === name) return eq < 0 ? '' : decode(pair.slice(eq + 1));
  }
  return undefined;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

function answer(status: number, body: string | object = ''): WebhookResult {
  return { response: webhookReply(status, body), events: [] };
}

/** A host refusal about a secret is the operator's configuration, not the caller's fault. */
function secretUnavailable(name: string, error: unknown): never {
  const payload = hostErrorOf<{ tag: string }>(error);
  if (payload === undefined) throw error;
  fail('secret-unavailable', `${name} cannot be used (${payload.tag}); set it in the plugin's configuration`);
}

/** Equal strings, in time that depends on neither where they differ nor their lengths. */
export function sameSecret(a: string, b: string): boolean {
  const x = crypto.sha256(a);
  const y = crypto.sha256(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

function verify(request: WebhookRequest): WebhookResult {
  const mode = queryParam(request.query, 'hub.mode');
  const challenge = queryParam(request.query, 'hub.challenge');
  const token = queryParam(request.query, 'hub.verify_token');
  if (mode !== 'subscribe' || challenge === undefined || token === undefined) return answer(400, 'not a subscription request');
  let expected: string;
  try {
    expected = secrets.reveal(VERIFY_TOKEN);
  } catch (error) {
    secretUnavailable(VERIFY_TOKEN, error);
  }
  if (!sameSecret(token, expected)) {
    log.warn('webhook verification refused: wrong hub.verify_token');
    return answer(403, 'wrong verify token');
  }
  return { response: webhookReply(200, challenge, 'text/plain'), events: [] };
}

/** Whether `X-Hub-Signature-256: sha256=<hex>` is the HMAC-SHA256 of the raw body. */
function signatureValid(request: WebhookRequest): boolean {
  const header = webhookHeader(request, 'x-hub-signature-256')?.trim();
  if (header === undefined || !header.toLowerCase().startsWith('sha256=')) return false;
  let mac: Uint8Array;
  try {
    mac = fromHex(header.slice('sha256='.length));
  } catch {
    return false;
  }
  if (mac.length !== 32) return false;
  try {
    return crypto.hmacVerify('sha256', APP_SECRET, request.body, mac);
  } catch (error) {
    return secretUnavailable(APP_SECRET, error);
  }
}

function notify(request: WebhookRequest): WebhookResult {
  if (!signatureValid(request)) {
    log.warn('webhook refused: missing or wrong X-Hub-Signature-256');
    return answer(401, { error: 'bad signature' });
  }
  let payload: unknown;
  try {
    payload = parseJson(webhookBodyText(request));
  } catch {
    log.warn('webhook refused: signed body is not JSON', { bytes: request.body.length });
    return answer(400, { error: 'body is not JSON' });
  }
  const { phoneNumberId, graphUrl } = config();
  const parsed = parsePayload(payload, { phoneNumberId, graphUrl, receivedAt: request.receivedAt });
  for (const reason of parsed.skipped.slice(0, 10)) log.info(`webhook: skipped ${reason}`);
  // Meta only needs a 200; anything else makes it retry the same notification.
  return { response: webhookReply(200, { received: parsed.events.length }), events: parsed.events };
}

export function handle(request: WebhookRequest): WebhookResult {
  if (request.method === 'GET') return verify(request);
  if (request.method === 'POST') return notify(request);
  return answer(405, 'method not allowed');
}
