/**
 * Typed GraphQL over `fetch`: documents come from the generated `graphql()` (see `src/gql`), so
 * variables and results are checked by tsc. Adds the session's access token, refreshes it once
 * and retries when the server answers UNAUTHENTICATED, and turns every failure into an
 * `ApiError`. Network failures also flip `online` so the shell can show its banner.
 *
 * Operations go as automatic persisted queries: first the document's SHA-256 alone (queries with
 * GET, a short URL the browser revalidates with the answer's ETag; mutations with POST), and the
 * document only when the host answers PERSISTED_QUERY_NOT_FOUND (it remembers it from then on).
 * A hash the host refuses, or a browser without `crypto.subtle` (plain http off localhost),
 * means plain documents.
 */
import { signal } from '@preact/signals';
import { ApiError, asApiError, fromGraphQLErrors } from './errors';
import type { Session } from './session';

/** What the generated documents are: a query string that carries its result and variable types. */
export interface TypedDocument<TResult, TVariables> {
  toString(): string;
  /** Phantom: never read; lets tsc infer result and variables from the document. */
  __apiType?: (variables: TVariables) => TResult;
}

/** False after a request failed to reach the server, true again after the next one did. */
export const reachable = signal(true);

export interface GraphQLClient {
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...variables: TVariables extends Record<string, never> ? [] | [TVariables] : [TVariables]
  ): Promise<TResult>;
}

/** Both media types; a request error is 400 under the first and 200 under the second. */
const ACCEPT = 'application/graphql-response+json, application/json';
/** Longer GET URLs go as POST: some proxies refuse long ones. */
const MAX_GET_URL = 2000;

interface Answer {
  data?: unknown;
  errors?: { message?: unknown; extensions?: { code?: unknown; field?: unknown } }[];
}

interface Operation {
  query?: string;
  variables: unknown;
  extensions?: { persistedQuery: { version: 1; sha256Hash: string } };
}

/** The hex SHA-256 of `text`'s UTF-8, or `null` where the browser cannot (an insecure context). */
export async function sha256Hex(text: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return null;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function errorAbout(answer: Answer, test: (code: unknown, field: unknown) => boolean): boolean {
  return (answer.errors ?? []).some((error) => test(error.extensions?.code, error.extensions?.field));
}

const notPersisted = (answer: Answer) => errorAbout(answer, (code) => code === 'PERSISTED_QUERY_NOT_FOUND');
const hashRefused = (answer: Answer) => errorAbout(answer, (_, field) => field === 'extensions.persistedQuery');

export function createClient(endpoint: string, session: Pick<Session, 'accessToken' | 'refresh'>, fetcher: typeof fetch = (...args) => fetch(...args)): GraphQLClient {
  /** Each document's hash, computed once; `null` to send the document itself. */
  const hashes = new Map<string, Promise<string | null>>();
  const hashOf = (query: string): Promise<string | null> => {
    let hash = hashes.get(query);
    if (hash === undefined) {
      hash = sha256Hex(query).catch(() => null);
      hashes.set(query, hash);
    }
    return hash;
  };

  async function send(operation: Operation, get: boolean, token: string | null): Promise<Answer> {
    const auth: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    let url = endpoint;
    let init: RequestInit = {
      method: 'POST',
      headers: { accept: ACCEPT, 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ ...operation, variables: operation.variables ?? {} }),
    };
    if (get) {
      const params = new URLSearchParams({ extensions: JSON.stringify(operation.extensions) });
      if (operation.variables !== undefined) params.set('variables', JSON.stringify(operation.variables));
      const candidate = `${endpoint}?${params}`;
      if (candidate.length <= MAX_GET_URL) {
        url = candidate;
        init = { method: 'GET', headers: { accept: ACCEPT, ...auth } };
      }
    }
    let response: Response;
    try {
      response = await fetcher(url, init);
    } catch (error) {
      reachable.value = false;
      throw asApiError(error);
    }
    reachable.value = true;
    try {
      // Request errors are 400 under application/graphql-response+json, with the same body.
      return (await response.json()) as Answer;
    } catch {
      throw new ApiError(response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL', null, `HTTP ${response.status}`);
    }
  }

  /** One operation, by hash first. */
  async function execute(query: string, variables: unknown, token: string | null): Promise<Answer> {
    const hash = await hashOf(query);
    if (hash === null) return send({ query, variables }, false, token);
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } } as const;
    // Only a document that starts as a query may go over GET (the host refuses mutations there).
    const isQuery = /^\s*(?:query\b|\{)/.test(query);
    let answer = await send({ variables, extensions }, isQuery, token);
    if (notPersisted(answer)) answer = await send({ query, variables, extensions }, false, token);
    if (hashRefused(answer)) {
      // The host will not take this hash: this document goes whole from now on.
      hashes.set(query, Promise.resolve(null));
      answer = await send({ query, variables }, false, token);
    }
    return answer;
  }

  return {
    async request(document, ...args) {
      const query = document.toString();
      const variables = args[0];
      let token = await session.accessToken();
      let body = await execute(query, variables, token);
      const firstCode = fromGraphQLErrors((body.errors ?? []) as never[]).code;
      if (body.errors?.length && firstCode === 'UNAUTHENTICATED' && token !== null) {
        // The token may have been revoked or expired in flight: one refresh, one retry.
        token = await session.refresh();
        if (token !== null) body = await execute(query, variables, token);
      }
      if (body.errors?.length) throw fromGraphQLErrors(body.errors as never[]);
      return body.data as never;
    },
  };
}
