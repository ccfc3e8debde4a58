import { send } from 'ispchat:host/http@1.0.0';
import type { Auth, HttpError, Method, Request, Response } from 'ispchat:host/http@1.0.0';
import { asBytes, utf8Decode, utf8Encode } from './bytes';
import { hostErrorOf } from './errors';

export interface RequestOptions {
  method?: Method;
  headers?: Record<string, string> | [string, string][];
  /** A string is sent as UTF-8; an object as JSON (with `content-type: application/json`). */
  body?: Uint8Array | string | object;
  /** Credentials the host adds: `{ tag: 'bearer', val: 'secret-name' }` and the like. */
  auth?: Auth;
  /** Let the host substitute `{{secret:NAME}}` in the body as well. */
  secretsInBody?: boolean;
  timeoutMs?: number;
}

export type HttpResult = { ok: true; response: HttpReply } | { ok: false; error: HttpError };

/** A response with decoding helpers. */
export interface HttpReply extends Response {
  header(name: string): string | undefined;
  text(): string;
  json<T = unknown>(): T;
}

export function buildRequest(url: string, options: RequestOptions = {}): Request {
  const headers: [string, string][] = Array.isArray(options.headers)
    ? [...options.headers]
    : Object.entries(options.headers ?? {});
  let body: Uint8Array = new Uint8Array(0);
  if (options.body instanceof Uint8Array) {
    body = options.body;
  } else if (typeof options.body === 'string') {
    body = utf8Encode(options.body);
  } else if (options.body !== undefined) {
    body = utf8Encode(JSON.stringify(options.body));
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) {
      headers.push(['content-type', 'application/json']);
    }
  }
  return {
    method: options.method ?? (options.body === undefined ? 'get' : 'post'),
    url,
    headers,
    body,
    auth: options.auth,
    secretsInBody: options.secretsInBody ?? false,
    timeoutMs: options.timeoutMs,
  };
}

function reply(response: Response): HttpReply {
  const body = asBytes(response.body);
  return {
    status: response.status,
    headers: response.headers,
    body,
    header: (name) => response.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1],
    text: () => utf8Decode(body),
    json: <T>() => JSON.parse(utf8Decode(body)) as T,
  };
}

/**
 * Buffered outbound HTTP through the host (declared hosts only; see plugin.toml). `request`
 * throws on a host refusal or network failure (the error's `payload` is the WIT `http-error`);
 * `tryRequest` returns it instead. Any HTTP status, 4xx and 5xx included, is a response.
 */
export const http = {
  request(url: string, options: RequestOptions = {}): HttpReply {
    return reply(send(buildRequest(url, options)));
  },
  tryRequest(url: string, options: RequestOptions = {}): HttpResult {
    try {
      return { ok: true, response: reply(send(buildRequest(url, options))) };
    } catch (error) {
      const payload = hostErrorOf<HttpError>(error);
      if (payload === undefined) throw error;
      return { ok: false, error: payload };
    }
  },
};
