// Graph API error responses → the host's send errors. Codes from
// https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes; the body is
// `{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}`.
import type { SendError, SendErrorKind } from '@ispchat/plugin-sdk';
import type { HttpError } from 'ispchat:host/http@1.0.0';

/** When a rate limit says nothing about when to come back. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

const RATE_LIMITS = new Set([4, 80007, 130429, 131056]);
const OUTSIDE_WINDOW = new Set([131047]);
// Not on WhatsApp, not in the test number's allowed list, blocked/unregistered, sender = recipient,
// user opted out of marketing, undeliverable.
const INVALID_RECIPIENT = new Set([131026, 131030, 131021, 131050, 133010]);
// Invalid parameter, parameter errors, unsupported message or media, template problems.
const INVALID_CONTENT = new Set([100, 131008, 131009, 131051, 131052, 131053, 135000]);
// Token expired or invalid, permissions.
const UNAUTHORIZED = new Set([0, 3, 10, 190]);
// Unknown, service, temporary errors.
const UNAVAILABLE = new Set([1, 2, 131000, 131016, 133004]);

type Kind = SendErrorKind;

export function kindOfCode(code: number): Kind | undefined {
  if (OUTSIDE_WINDOW.has(code)) return 'outside-window';
  if (RATE_LIMITS.has(code)) return 'rate-limited';
  if (INVALID_RECIPIENT.has(code)) return 'invalid-recipient';
  if (INVALID_CONTENT.has(code) || (code >= 132000 && code <= 132999)) return 'invalid-content';
  if (UNAUTHORIZED.has(code) || (code >= 200 && code <= 299)) return 'unauthorized';
  if (UNAVAILABLE.has(code)) return 'unavailable';
  return undefined;
}

interface GraphError {
  code?: number;
  message?: string;
  details?: string;
}

function graphError(body: unknown): GraphError {
  if (typeof body !== 'object' || body === null) return {};
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return {};
  const e = error as Record<string, unknown>;
  const code = typeof e.code === 'number' ? e.code : typeof e.code === 'string' ? Number(e.code) : NaN;
  const data = typeof e.error_data === 'object' && e.error_data !== null ? (e.error_data as Record<string, unknown>) : {};
  return {
    code: Number.isFinite(code) ? code : undefined,
    message: typeof e.message === 'string' ? e.message : undefined,
    details: typeof data.details === 'string' ? data.details : undefined,
  };
}

/** `Retry-After` in seconds or as an HTTP date, as milliseconds from `now`. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The send error for a non-2xx response. */
export function classifyResponse(status: number, body: unknown, headers: { retryAfter?: string; now: number }): SendError {
  const error = graphError(body);
  const byCode = error.code === undefined ? undefined : kindOfCode(error.code);
  let kind: Kind;
  if (byCode !== undefined) kind = byCode;
  else if (status === 429) kind = 'rate-limited';
  else if (status >= 500) kind = 'unavailable';
  else if (status === 401 || status === 403) kind = 'unauthorized';
  else kind = 'other';
  const head = error.code === undefined ? `HTTP ${status}` : `${error.code} ${error.message ?? 'error'}`;
  const message = error.details === undefined || error.details === error.message ? head : `${head}: ${error.details}`;
  const retryable = kind === 'rate-limited' || kind === 'unavailable';
  const after = kind === 'rate-limited' ? (retryAfterMs(headers.retryAfter, headers.now) ?? DEFAULT_RETRY_AFTER_MS) : undefined;
  return { kind, message: `WhatsApp refused the message (${message})`, retryable, retryAfterMs: after };
}

/** The send error for a request that got no response. */
export function classifyHttpFailure(error: HttpError): SendError {
  const detail = 'val' in error && error.val !== undefined ? `${error.tag}: ${String(error.val)}` : error.tag;
  // Network trouble is worth retrying; a refusal by the host is configuration (hosts, secrets).
  const transient = error.tag === 'timeout' || error.tag === 'connection' || error.tag === 'limit-exceeded';
  return {
    kind: transient ? 'unavailable' : 'other',
    message: `cannot reach the WhatsApp Cloud API (${detail})`,
    retryable: transient,
    retryAfterMs: undefined,
  };
}
