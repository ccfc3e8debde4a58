import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, sha256Hex, type TypedDocument } from './client';

type Doc = TypedDocument<{ answer: string }, Record<string, never>>;
const doc = (text: string) => ({ toString: () => text }) as Doc;

const QUERY = 'query Inbox { inboxes { id name } }';
const MUTATION = 'mutation Claim { claimNext { id } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Seen {
  method: string;
  /** The document, when the request carried one. */
  query: string | null;
  hash: string | null;
  variables: unknown;
  accept: string | null;
  url: string;
}

/**
 * A host speaking automatic persisted queries as ISP Chat's does: an unknown hash alone is
 * PERSISTED_QUERY_NOT_FOUND (400 under application/graphql-response+json, 200 under
 * application/json); a document with its hash is checked and remembered.
 */
function apqHost(options: { media?: 'graphql-response' | 'json'; refuseHashes?: boolean } = {}) {
  const known = new Map<string, string>();
  const seen: Seen[] = [];
  const requestError = (message: string, extensions: Record<string, string>) =>
    new Response(JSON.stringify({ errors: [{ message, extensions }] }), {
      status: options.media === 'json' ? 200 : 400,
      headers: { 'content-type': options.media === 'json' ? 'application/json' : 'application/graphql-response+json' },
    });
  const fetcher = (async (url: string, init: RequestInit) => {
    let params: { query?: string; variables?: unknown; extensions?: { persistedQuery?: { sha256Hash?: string } } };
    if (init.method === 'GET') {
      const search = new URL(url, 'http://host').searchParams;
      const json = (name: string) => (search.has(name) ? JSON.parse(search.get(name) ?? 'null') : undefined);
      params = { query: search.get('query') ?? undefined, variables: json('variables'), extensions: json('extensions') };
    } else {
      params = JSON.parse(String(init.body));
    }
    const hash = params.extensions?.persistedQuery?.sha256Hash ?? null;
    const accept = (init.headers as Record<string, string>).accept ?? null;
    seen.push({ method: init.method ?? 'GET', query: params.query ?? null, hash, variables: params.variables, accept, url });
    let query = params.query;
    if (hash !== null) {
      if (options.refuseHashes) return requestError('extensions.persistedQuery: only version 1 is supported', { code: 'BAD_USER_INPUT', field: 'extensions.persistedQuery' });
      if (query === undefined) {
        query = known.get(hash);
        if (query === undefined) return requestError('PersistedQueryNotFound', { code: 'PERSISTED_QUERY_NOT_FOUND' });
      } else if (sha256(query) !== hash) {
        return requestError("extensions.persistedQuery: does not match the document's sha256", { code: 'BAD_USER_INPUT', field: 'extensions.persistedQuery' });
      } else {
        known.set(hash, query);
      }
    }
    if (init.method === 'GET' && !/^\s*query\b/.test(query ?? '')) throw new Error('a mutation over GET');
    return new Response(JSON.stringify({ data: { answer: query } }));
  }) as typeof fetch;
  return { seen, fetcher, forget: () => known.clear() };
}

const anonymous = { accessToken: async () => null, refresh: async () => null };

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('automatic persisted queries', () => {
  it('hashes the exact document text as hex SHA-256', async () => {
    expect(await sha256Hex(QUERY)).toBe(sha256(QUERY));
    expect(await sha256Hex('{ é }')).toBe(sha256('{ é }'));
  });

  it('sends a query by hash over GET, the document once after a miss, and the hash alone after that', async () => {
    const host = apqHost();
    const client = createClient('/graphql', anonymous, host.fetcher);
    expect(await client.request(doc(QUERY))).toEqual({ answer: QUERY });
    expect(host.seen.map(({ method, query, hash }) => ({ method, query, hash }))).toEqual([
      { method: 'GET', query: null, hash: sha256(QUERY) },
      { method: 'POST', query: QUERY, hash: sha256(QUERY) },
    ]);
    expect(host.seen[0]?.url).not.toContain('query=');
    host.seen.length = 0;
    expect(await client.request(doc(QUERY))).toEqual({ answer: QUERY });
    expect(await client.request(doc(QUERY))).toEqual({ answer: QUERY });
    expect(host.seen.map(({ method, query }) => ({ method, query }))).toEqual([
      { method: 'GET', query: null },
      { method: 'GET', query: null },
    ]);
    for (const request of host.seen) expect(request.accept).toBe('application/graphql-response+json, application/json');
  });

  it('understands a miss answered 200 under application/json too', async () => {
    const host = apqHost({ media: 'json' });
    const client = createClient('/graphql', anonymous, host.fetcher);
    expect(await client.request(doc(QUERY))).toEqual({ answer: QUERY });
    expect(host.seen.map((r) => r.query)).toEqual([null, QUERY]);
  });

  it('sends the document again when the host forgot it (a restart, another node)', async () => {
    const host = apqHost();
    const client = createClient('/graphql', anonymous, host.fetcher);
    await client.request(doc(QUERY));
    host.forget();
    host.seen.length = 0;
    expect(await client.request(doc(QUERY))).toEqual({ answer: QUERY });
    expect(host.seen.map((r) => r.query)).toEqual([null, QUERY]);
  });

  it('sends mutations by hash too, always with POST', async () => {
    const host = apqHost();
    const client = createClient('/graphql', anonymous, host.fetcher);
    await client.request(doc(MUTATION));
    await client.request(doc(MUTATION));
    expect(host.seen.map(({ method, query }) => ({ method, query }))).toEqual([
      { method: 'POST', query: null },
      { method: 'POST', query: MUTATION },
      { method: 'POST', query: null },
    ]);
  });

  it('carries the variables, and uses POST when the URL would be too long', async () => {
    const host = apqHost();
    const client = createClient('/graphql', anonymous, host.fetcher);
    const search = doc('query Search($text: String!) { search(text: $text) { id } }') as unknown as TypedDocument<{ answer: string }, { text: string }>;
    await client.request(search, { text: 'sem internet' });
    await client.request(search, { text: 'sem internet' });
    expect(host.seen.at(-1)).toMatchObject({ method: 'GET', query: null, variables: { text: 'sem internet' } });
    await client.request(search, { text: 'x'.repeat(3000) });
    expect(host.seen.at(-1)).toMatchObject({ method: 'POST', query: null, variables: { text: 'x'.repeat(3000) } });
  });

  it('computes a document’s hash once', async () => {
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const host = apqHost();
    const client = createClient('/graphql', anonymous, host.fetcher);
    await Promise.all([client.request(doc(QUERY)), client.request(doc(QUERY))]);
    await client.request(doc(QUERY));
    expect(digest).toHaveBeenCalledTimes(1);
  });

  it('falls back to the plain document for good when the host refuses the hash', async () => {
    const host = apqHost({ refuseHashes: true });
    const client = createClient('/graphql', anonymous, host.fetcher);
    expect(await client.request(doc(MUTATION))).toEqual({ answer: MUTATION });
    expect(host.seen.map(({ query, hash }) => ({ query, hash }))).toEqual([
      { query: null, hash: sha256(MUTATION) },
      { query: MUTATION, hash: null },
    ]);
    host.seen.length = 0;
    await client.request(doc(MUTATION));
    expect(host.seen.map(({ query, hash }) => ({ query, hash }))).toEqual([{ query: MUTATION, hash: null }]);
  });

  it('sends plain documents where the browser cannot hash (plain http off localhost)', async () => {
    vi.stubGlobal('crypto', {});
    const host = apqHost();
    const client = createClient('/graphql', anonymous, host.fetcher);
    expect(await client.request(doc(QUERY))).toEqual({ answer: QUERY });
    expect(host.seen.map(({ method, query, hash }) => ({ method, query, hash }))).toEqual([{ method: 'POST', query: QUERY, hash: null }]);
  });
});
