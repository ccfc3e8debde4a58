// A fake of the ISP Chat host for plugin tests in Node: the same imports a component gets, with
// the same permission rules and limits as the real host (docs/plugins.md), driven by the plugin's
// plugin.toml so that a test sees the denials production would give. Everything is in memory;
// the clock only moves when the test moves it.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { hostAllowed, readManifest, settingText } from '../../lib/manifest.mjs';
import type { Manifest } from '../../lib/manifest.mjs';
import { utf8Decode, utf8Encode } from '../bytes';
import type { Level } from 'ispchat:host/log@1.0.0';
import type { SecretError } from 'ispchat:host/secrets@1.0.0';
import type { HashAlgorithm } from 'ispchat:host/crypto@1.0.0';
import type { CasOutcome, Entry, KvError } from 'ispchat:host/kv@1.0.0';
import type { HttpError, Request, Response } from 'ispchat:host/http@1.0.0';

/** The host's defaults (docs/plugins.md, "Limits"). */
export const LIMITS = {
  kvKeyBytes: 256,
  kvValueBytes: 64 * 1024,
  kvKeys: 10_000,
  httpRequestBody: 1024 * 1024,
  httpResponseBody: 4 * 1024 * 1024,
  httpDefaultTimeoutMs: 10_000,
  httpMaxTimeoutMs: 30_000,
  randomBytes: 1024,
} as const;

export interface LogEntry {
  level: Level;
  message: string;
  fields: Record<string, string>;
}

/** A request as it left the host: placeholders substituted, credentials added. */
export interface SentRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: Uint8Array;
  bodyText: string;
  timeoutMs: number;
  header(name: string): string | undefined;
}

export interface FakeResponse {
  status?: number;
  headers?: [string, string][] | Record<string, string>;
  /** A string is sent as UTF-8, an object as JSON. */
  body?: Uint8Array | string | object;
}

/** Answers the plugin's HTTP requests; throw `httpFailure(...)` to simulate a network error. */
export type HttpHandler = (request: SentRequest) => FakeResponse;

export interface FakeHostOptions {
  /** The plugin's manifest (a parsed one, or the path/URL of plugin.toml). */
  manifest: Manifest | string | URL;
  /** Operator settings; unset ones fall back to the schema's defaults. */
  settings?: Record<string, string | number | boolean | string[]>;
  /** Secret values the operator has set, by name. */
  secrets?: Record<string, string>;
  /** Initial clock, ms since the epoch (default 2026-03-02T12:00:00Z). */
  now?: number;
  http?: HttpHandler;
  /** Fake DNS for the private-address check: host name → addresses. Default: IP literals as they
   * are, `localhost` → 127.0.0.1, anything else → 203.0.113.10 (a documentation address). */
  resolve?: (hostname: string) => string[];
}

const FAKE_HOST = Symbol.for('ispchat.plugin-sdk.fake-host');
const PLACEHOLDER = /\{\{secret:([a-z][a-z0-9_-]*)\}\}/g;

interface StoredEntry {
  value: Uint8Array;
  version: number;
  expiresAtMs: number | undefined;
}

/** An error as a component's import raises it: an Error whose `payload` is the WIT `err` value. */
export class HostCallError<E> extends Error {
  readonly payload: E;
  constructor(payload: E) {
    super(`host returned err: ${JSON.stringify(payload)}`);
    this.payload = payload;
  }
}

/** Throw from an HttpHandler to make the request fail like a network error would. */
export function httpFailure(error: HttpError): never {
  throw new HostCallError(error);
}

export class FakeHost {
  readonly manifest: Manifest;
  readonly logs: LogEntry[] = [];
  /** Requests that reached the (fake) network, after every check passed. */
  readonly requests: SentRequest[] = [];
  /** Every HTTP attempt with its outcome, refused ones included. */
  readonly httpAttempts: { url: string; error?: HttpError }[] = [];
  readonly settings: Map<string, string>;
  readonly secretValues: Map<string, string>;
  http: HttpHandler | undefined;
  private nowMs: number;
  private readonly store = new Map<string, StoredEntry>();
  private version = 0;
  private readonly resolveHost: (hostname: string) => string[];
  private previous: unknown;
  private previousDate: DateConstructor | undefined;

  constructor(options: FakeHostOptions) {
    this.manifest =
      typeof options.manifest === 'string' || options.manifest instanceof URL
        ? readManifest(options.manifest)
        : options.manifest;
    this.settings = new Map();
    for (const [key, spec] of Object.entries(this.manifest.settings)) {
      if (spec.default !== undefined) this.settings.set(key, settingText(spec.default));
    }
    for (const [key, value] of Object.entries(options.settings ?? {})) {
      if (!(key in this.manifest.settings)) throw new Error(`setting ${key} is not declared in plugin.toml`);
      this.settings.set(key, settingText(value));
    }
    this.secretValues = new Map(Object.entries(options.secrets ?? {}));
    this.nowMs = options.now ?? Date.UTC(2026, 2, 2, 12, 0, 0);
    this.http = options.http;
    this.resolveHost = options.resolve ?? defaultResolve;
  }

  /** Read plugin.toml from a plugin folder (or its path) and build a host for it. */
  static forPlugin(manifest: string | URL, options: Omit<FakeHostOptions, 'manifest'> = {}): FakeHost {
    return new FakeHost({ ...options, manifest });
  }

  // ----- test controls -----

  readonly clock = {
    now: (): number => this.nowMs,
    set: (ms: number): void => {
      this.nowMs = ms;
    },
    advance: (ms: number): void => {
      this.nowMs += ms;
    },
  };

  /** Current kv contents (expired entries excluded), values decoded as UTF-8. */
  kvSnapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, entry] of this.store) {
      if (!this.expired(entry)) out[key] = utf8Decode(entry.value);
    }
    return out;
  }

  /**
   * Make this the host that `ispchat:host/*` imports talk to, and point `Date.now()`/`new Date()`
   * at its clock as the component runtime does. Undo with `uninstall()` (or `using`).
   */
  install(): this {
    const g = globalThis as unknown as Record<symbol | string, unknown>;
    this.previous = g[FAKE_HOST];
    g[FAKE_HOST] = this;
    this.previousDate = globalThis.Date;
    const clock = (): number => this.nowMs;
    const NativeDate = this.previousDate;
    class HostDate extends NativeDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(clock());
        else super(...(args as [string | number | Date]));
      }
      static override now(): number {
        return clock();
      }
    }
    globalThis.Date = HostDate as DateConstructor;
    return this;
  }

  uninstall(): void {
    const g = globalThis as unknown as Record<symbol | string, unknown>;
    if (g[FAKE_HOST] === this) g[FAKE_HOST] = this.previous;
    if (this.previousDate) globalThis.Date = this.previousDate;
    this.previousDate = undefined;
  }

  [Symbol.dispose](): void {
    this.uninstall();
  }

  // ----- the imports, as a component sees them -----

  readonly imports = {
    'ispchat:host/log@1.0.0': {
      write: (level: Level, message: string, fields: [string, string][]): void => {
        this.logs.push({ level, message: message.slice(0, 2048), fields: Object.fromEntries(fields) });
      },
    },
    'ispchat:host/config@1.0.0': {
      // `none` reaches a component's JavaScript as null, so the fake returns null too.
      get: (key: string): string | null => this.settings.get(key) ?? null,
      getAll: (): [string, string][] => [...this.settings.entries()],
    },
    'ispchat:host/secrets@1.0.0': {
      isSet: (name: string): boolean => {
        this.declaredSecret(name);
        return this.secretValues.has(name);
      },
      reveal: (name: string): string => {
        const spec = this.declaredSecret(name);
        if (!spec.reveal) throw new HostCallError<SecretError>({ tag: 'denied', val: `secret ${name} is not declared with reveal = true` });
        return this.secretValue(name);
      },
    },
    'ispchat:host/crypto@1.0.0': {
      digest: (algorithm: HashAlgorithm, data: Uint8Array): Uint8Array =>
        new Uint8Array(createHash(algorithm).update(data).digest()),
      hmac: (algorithm: HashAlgorithm, secretName: string, data: Uint8Array): Uint8Array => {
        this.declaredSecret(secretName);
        return new Uint8Array(createHmac(algorithm, this.secretValue(secretName)).update(data).digest());
      },
      hmacVerify: (algorithm: HashAlgorithm, secretName: string, data: Uint8Array, mac: Uint8Array): boolean => {
        this.declaredSecret(secretName);
        const expected = createHmac(algorithm, this.secretValue(secretName)).update(data).digest();
        return expected.length === mac.length && timingSafeEqual(expected, mac);
      },
      randomBytes: (len: number): Uint8Array => new Uint8Array(randomBytes(Math.min(len, LIMITS.randomBytes))),
    },
    'ispchat:host/kv@1.0.0': {
      get: (key: string): Entry | null => {
        this.kvCheck(key);
        const entry = this.store.get(key);
        return entry === undefined || this.expired(entry) ? null : toEntry(entry);
      },
      set: (key: string, value: Uint8Array, ttlMs: number | null | undefined): number => {
        this.kvCheck(key, value);
        return this.kvWrite(key, value, ttlMs);
      },
      delete: (key: string): boolean => {
        this.kvCheck(key);
        const entry = this.store.get(key);
        this.store.delete(key);
        return entry !== undefined && !this.expired(entry);
      },
      compareAndSwap: (key: string, expectedVersion: number | null | undefined, value: Uint8Array, ttlMs: number | null | undefined): CasOutcome => {
        this.kvCheck(key, value);
        const current = this.store.get(key);
        const live = current === undefined || this.expired(current) ? undefined : current;
        if ((live?.version ?? null) !== (expectedVersion ?? null)) {
          return { tag: 'conflict', val: live === undefined ? null : toEntry(live) };
        }
        return { tag: 'swapped', val: this.kvWrite(key, value, ttlMs) };
      },
    },
    'ispchat:host/http@1.0.0': {
      send: (request: Request): Response => this.httpSend(request),
    },
    'ispchat:host/clock@1.0.0': {
      nowMs: (): number => this.nowMs,
    },
  };

  // ----- rules -----

  private declaredSecret(name: string): { reveal: boolean; hosts: string[] | undefined } {
    const spec = this.manifest.capabilities.secrets[name];
    if (spec === undefined) throw new HostCallError<SecretError>({ tag: 'not-declared', val: name });
    return spec;
  }

  private secretValue(name: string): string {
    const value = this.secretValues.get(name);
    if (value === undefined) throw new HostCallError<SecretError>({ tag: 'not-set', val: name });
    return value;
  }

  private expired(entry: StoredEntry): boolean {
    return entry.expiresAtMs !== undefined && entry.expiresAtMs <= this.nowMs;
  }

  private kvCheck(key: string, value?: Uint8Array): void {
    if (!this.manifest.capabilities.kv) throw new HostCallError<KvError>({ tag: 'denied', val: 'plugin.toml does not declare capabilities.kv' });
    const keyBytes = utf8Encode(key).length;
    if (keyBytes === 0 || keyBytes > LIMITS.kvKeyBytes) {
      throw new HostCallError<KvError>({ tag: 'invalid-key', val: `keys are 1 to ${LIMITS.kvKeyBytes} bytes` });
    }
    if (value !== undefined && value.length > LIMITS.kvValueBytes) {
      throw new HostCallError<KvError>({ tag: 'value-too-large', val: LIMITS.kvValueBytes });
    }
    if (value !== undefined && !this.store.has(key)) {
      const live = [...this.store.values()].filter((e) => !this.expired(e)).length;
      if (live >= LIMITS.kvKeys) throw new HostCallError<KvError>({ tag: 'quota-exceeded' });
    }
  }

  private kvWrite(key: string, value: Uint8Array, ttlMs: number | null | undefined): number {
    this.version += 1;
    this.store.set(key, {
      value: new Uint8Array(value),
      version: this.version,
      expiresAtMs: ttlMs == null ? undefined : this.nowMs + ttlMs,
    });
    return this.version;
  }

  private httpSend(request: Request): Response {
    try {
      const response = this.httpCheckAndSend(request);
      this.httpAttempts.push({ url: request.url });
      return response;
    } catch (error) {
      if (error instanceof HostCallError) this.httpAttempts.push({ url: request.url, error: error.payload as HttpError });
      throw error;
    }
  }

  // The order of checks is the real host's: capability, URL, declared host, secrets, size,
  // address, then the network.
  private httpCheckAndSend(request: Request): Response {
    const fail = (error: HttpError): never => {
      throw new HostCallError<HttpError>(error);
    };
    const hosts = this.manifest.capabilities.http.hosts;
    if (hosts.length === 0) fail({ tag: 'denied', val: 'plugin.toml declares no capabilities.http.hosts' });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return fail({ tag: 'invalid-request', val: `not an absolute URL: ${request.url}` });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') fail({ tag: 'invalid-request', val: `scheme ${url.protocol} is not allowed` });
    if (url.username !== '' || url.password !== '') fail({ tag: 'invalid-request', val: 'credentials in the URL are not allowed; use auth' });
    if (PLACEHOLDER.test(url.host)) fail({ tag: 'invalid-request', val: 'secret placeholders are not allowed in the host' });
    PLACEHOLDER.lastIndex = 0;
    const hostname = url.hostname.toLowerCase();
    const port = url.port === '' ? undefined : Number(url.port);
    const scheme = url.protocol as 'http:' | 'https:';
    if (!hostAllowed(hosts, hostname, port, scheme)) fail({ tag: 'host-not-allowed', val: url.host });

    const used = new Set<string>();
    const substitute = (text: string): string =>
      text.replace(PLACEHOLDER, (_match, name: string) => {
        const spec = this.manifest.capabilities.secrets[name];
        if (spec === undefined) return fail({ tag: 'invalid-request', val: `secret ${name} is not declared` });
        if (spec.hosts !== undefined && !hostAllowed(spec.hosts, hostname, port, scheme)) {
          return fail({ tag: 'invalid-request', val: `secret ${name} may not be sent to ${url.host}` });
        }
        const value = this.secretValues.get(name);
        if (value === undefined) return fail({ tag: 'invalid-request', val: `secret ${name} is not set` });
        used.add(value);
        return value;
      });
    const finalUrl = `${url.protocol}//${url.host}${substitute(url.pathname)}${substitute(url.search)}`;
    const headers: [string, string][] = request.headers.map(([n, v]) => [n.toLowerCase(), substitute(v)]);
    if (request.auth != null) {
      const secretName = request.auth.tag === 'bearer' ? request.auth.val : request.auth.val.passwordSecret;
      const value = substitute(`{{secret:${secretName}}}`);
      const credential =
        request.auth.tag === 'bearer'
          ? `Bearer ${value}`
          : `Basic ${Buffer.from(`${request.auth.val.username}:${value}`).toString('base64')}`;
      headers.push(['authorization', credential]);
    }
    let body: Uint8Array = new Uint8Array(request.body);
    if (request.secretsInBody) body = utf8Encode(substitute(utf8Decode(body)));
    if (body.length > LIMITS.httpRequestBody) fail({ tag: 'request-too-large', val: LIMITS.httpRequestBody });

    const addresses = this.resolveHost(hostname.replace(/^\[|\]$/g, ''));
    const blocked = addresses.find(isBlockedAddress);
    if (blocked !== undefined) fail({ tag: 'address-blocked', val: `${hostname} resolves to ${blocked}` });

    const timeoutMs = Math.min(request.timeoutMs ?? LIMITS.httpDefaultTimeoutMs, LIMITS.httpMaxTimeoutMs);
    const sent: SentRequest = {
      method: request.method.toUpperCase(),
      url: finalUrl,
      headers,
      body,
      bodyText: utf8Decode(body),
      timeoutMs,
      header: (name) => headers.find(([n]) => n === name.toLowerCase())?.[1],
    };
    if (this.http === undefined) fail({ tag: 'connection', val: `no fake HTTP handler for ${finalUrl}` });
    this.requests.push(sent);
    const answer = (this.http as HttpHandler)(sent);
    const response = normalizeResponse(answer);
    if (response.body.length > LIMITS.httpResponseBody) fail({ tag: 'response-too-large', val: LIMITS.httpResponseBody });
    // Whatever secret went out must not come back to the plugin (an echoing server would
    // otherwise reveal it).
    const redact = (text: string): string => {
      let out = text;
      for (const value of used) {
        const name = Object.keys(this.manifest.capabilities.secrets).find((n) => this.secretValues.get(n) === value) ?? '';
        out = out.split(value).join(`{{secret:${name}}}`);
      }
      return out;
    };
    return {
      status: response.status,
      headers: response.headers.map(([n, v]) => [n, redact(v)]),
      body: used.size === 0 ? response.body : utf8Encode(redact(utf8Decode(response.body))),
    };
  }
}

function toEntry(entry: StoredEntry): Entry {
  return { value: new Uint8Array(entry.value), version: entry.version, expiresAtMs: entry.expiresAtMs ?? null };
}

function normalizeResponse(answer: FakeResponse): Response {
  const headers: [string, string][] = Array.isArray(answer.headers)
    ? answer.headers.map(([n, v]) => [n.toLowerCase(), v])
    : Object.entries(answer.headers ?? {}).map(([n, v]) => [n.toLowerCase(), v]);
  let body: Uint8Array;
  if (answer.body === undefined) body = new Uint8Array(0);
  else if (answer.body instanceof Uint8Array) body = answer.body;
  else if (typeof answer.body === 'string') body = utf8Encode(answer.body);
  else {
    body = utf8Encode(JSON.stringify(answer.body));
    if (!headers.some(([n]) => n === 'content-type')) headers.push(['content-type', 'application/json']);
  }
  return { status: answer.status ?? 200, headers, body };
}

function defaultResolve(hostname: string): string[] {
  if (isIP(hostname) !== 0) return [hostname];
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return ['127.0.0.1', '::1'];
  return ['203.0.113.10'];
}

/**
 * The addresses the host refuses to connect to: loopback, RFC 1918 private, link-local (cloud
 * metadata at 169.254.169.254), carrier-grade NAT (100.64/10, common inside ISPs), unspecified,
 * multicast, reserved, and their IPv6 counterparts (incl. IPv4-mapped).
 */
export function isBlockedAddress(address: string): boolean {
  const v4 = (a: string): boolean => {
    const [p, q] = a.split('.').map(Number) as [number, number, number, number];
    return (
      p === 0 || p === 10 || p === 127 || p >= 224 ||
      (p === 100 && q >= 64 && q <= 127) ||
      (p === 169 && q === 254) ||
      (p === 172 && q >= 16 && q <= 31) ||
      (p === 192 && q === 168) ||
      (p === 198 && (q === 18 || q === 19))
    );
  };
  if (isIP(address) === 4) return v4(address);
  if (isIP(address) !== 6) return true;
  const a = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped?.[1] !== undefined) return v4(mapped[1]);
  return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || a.startsWith('ff');
}
