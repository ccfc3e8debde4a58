/**
 * Typed GraphQL over `fetch`: documents come from the generated `graphql()` (see `src/gql`), so
 * variables and results are checked by tsc. Adds the session's access token, refreshes it once
 * and retries when the server answers UNAUTHENTICATED, and turns every failure into an
 * `ApiError`. Network failures also flip `online` so the shell can show its banner.
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

export function createClient(endpoint: string, session: Pick<Session, 'accessToken' | 'refresh'>, fetcher: typeof fetch = (...args) => fetch(...args)): GraphQLClient {
  async function send(query: string, variables: unknown, token: string | null): Promise<{ data?: unknown; errors?: unknown[] }> {
    let response: Response;
    try {
      response = await fetcher(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query, variables: variables ?? {} }),
      });
    } catch (error) {
      reachable.value = false;
      throw asApiError(error);
    }
    reachable.value = true;
    try {
      return (await response.json()) as { data?: unknown; errors?: unknown[] };
    } catch {
      throw new ApiError(response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL', null, `HTTP ${response.status}`);
    }
  }

  return {
    async request(document, ...args) {
      const query = document.toString();
      const variables = args[0];
      let token = await session.accessToken();
      let body = await send(query, variables, token);
      const firstCode = fromGraphQLErrors((body.errors ?? []) as never[]).code;
      if (body.errors?.length && firstCode === 'UNAUTHENTICATED' && token !== null) {
        // The token may have been revoked or expired in flight: one refresh, one retry.
        token = await session.refresh();
        if (token !== null) body = await send(query, variables, token);
      }
      if (body.errors?.length) throw fromGraphQLErrors(body.errors as never[]);
      return body.data as never;
    },
  };
}
