// The fake provider's webhook: a GET verification handshake (`hub.challenge`, as WhatsApp Cloud
// does it), and signed POSTs whose JSON body is either a message (`id`, `from`, `text` or
// `contents`, and optionally `name`, `phone`, `email`) or a delivery status (`id`, `status`).
import type { Content, DeliveryState, InboundEvent, WebhookRequest, WebhookResult } from '@ispchat/plugin-sdk';
import { crypto, fail, fromHex, hostErrorOf, text, webhookBodyText, webhookHeader, webhookReply } from '@ispchat/plugin-sdk';

export const SECRET = 'app-secret';
const STATES: readonly DeliveryState[] = ['sent', 'delivered', 'read', 'failed'];

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

function reject(status: number, reason: string): WebhookResult {
  return { response: webhookReply(status, { error: reason }), events: [] };
}

/** Whether `x-signature` is the hex HMAC-SHA256 of the raw body under the app secret. */
function signatureValid(request: WebhookRequest): boolean {
  const signature = webhookHeader(request, 'x-signature')?.trim();
  if (signature === undefined || signature === '') return false;
  let mac: Uint8Array;
  try {
    mac = fromHex(signature);
  } catch {
    return false;
  }
  try {
    return crypto.hmacVerify('sha256', SECRET, request.body, mac);
  } catch (error) {
    // The operator has not set the secret: a configuration error, not a forged request.
    const payload = hostErrorOf<{ tag: string }>(error);
    if (payload === undefined) throw error;
    fail('secret-unavailable', `${SECRET} cannot be used (${payload.tag}); set it in the inbox settings`);
  }
}

/** The event a verified body describes, or undefined when it is neither shape. */
export function eventOf(body: unknown, receivedAt: number): InboundEvent | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.id !== 'string' || b.id === '') return undefined;
  if (typeof b.status === 'string') {
    const state = STATES.find((s) => s === b.status);
    if (state === undefined) return undefined;
    return { tag: 'delivery', val: { externalId: b.id, state, at: receivedAt, error: typeof b.error === 'string' ? b.error : undefined } };
  }
  if (typeof b.from !== 'string' || b.from === '') return undefined;
  // On cue, richer contents: `contents` is passed through as WIT contents ({tag, val}).
  const rich = Array.isArray(b.contents) ? (b.contents as Content[]) : [];
  if (typeof b.text !== 'string' && rich.length === 0) return undefined;
  const contents = typeof b.text === 'string' ? [text(b.text), ...rich] : rich;
  return {
    tag: 'message',
    val: {
      externalId: b.id,
      sender: {
        externalId: b.from,
        displayName: typeof b.name === 'string' ? b.name : undefined,
        phone: typeof b.phone === 'string' ? b.phone : undefined,
        email: typeof b.email === 'string' ? b.email : undefined,
      },
      contents,
      sentAt: receivedAt,
      replyToExternalId: typeof b.replyTo === 'string' ? b.replyTo : undefined,
      ext: '',
    },
  };
}

export function handle(request: WebhookRequest): WebhookResult {
  // On cue, never answer: the host must stop the call and tell the provider to retry.
  if (queryParam(request.query, 'hang') !== undefined) {
    for (;;) {
      // The host's epoch deadline ends this.
    }
  }
  if (request.method === 'GET') {
    const challenge = queryParam(request.query, 'hub.challenge');
    if (challenge === undefined) return reject(400, 'missing hub.challenge');
    return { response: webhookReply(200, challenge), events: [] };
  }
  if (request.method !== 'POST') return reject(405, 'method not allowed');
  if (!signatureValid(request)) return reject(401, 'bad signature');
  let body: unknown;
  try {
    body = JSON.parse(webhookBodyText(request));
  } catch {
    return reject(400, 'body is not JSON');
  }
  const event = eventOf(body, request.receivedAt);
  if (event === undefined) return reject(400, 'unrecognised payload');
  return { response: webhookReply(200, { ok: true }), events: [event] };
}
