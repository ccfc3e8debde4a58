/**
 * Signing in and out (the host's `/auth/*` endpoints) and the signed-in user's own profile.
 *
 * The console does not use the `login`, `refreshToken` and `logout` mutations, whose answers carry
 * the refresh token: `/auth/*` keep it in an HttpOnly cookie that only they receive, so no script
 * (an injected one included) can read it, and answer the access token alone.
 */
import { reachable } from './client';
import { ApiError, asApiError, fromGraphQLErrors } from './errors';
import type { AccessGrant } from './session';
import { graphql } from '../gql';

/** POSTs JSON to an `/auth/*` endpoint; failures come as GraphQL's `errors`, with its codes. */
async function post<T>(path: string, body: unknown, fetcher: typeof fetch): Promise<T> {
  let response: Response;
  try {
    response = await fetcher(path, {
      method: 'POST',
      // JSON is also what the host requires here: a cross-site form cannot send it.
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (error) {
    reachable.value = false;
    throw asApiError(error);
  }
  reachable.value = true;
  let answer: { errors?: never[] } & T;
  try {
    answer = (await response.json()) as { errors?: never[] } & T;
  } catch {
    throw new ApiError(response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL', null, `HTTP ${response.status}`);
  }
  if (!response.ok || answer.errors?.length) throw fromGraphQLErrors(answer.errors ?? []);
  return answer;
}

const browserFetch: typeof fetch = (...args) => fetch(...args);

/** Signs in: the host sets the refresh token's cookie and answers the access token. */
export const signIn = (login: string, password: string, fetcher = browserFetch) =>
  post<AccessGrant>('/auth/login', { login, password }, fetcher);

/** Trades the cookie's refresh token for a new access token (and a new cookie). */
export const refreshAccess = (fetcher = browserFetch) => post<AccessGrant>('/auth/refresh', {}, fetcher);

/** Ends the cookie's sign-in on the host and clears the cookie. */
export const signOut = (fetcher = browserFetch) => post<{ ended: boolean }>('/auth/logout', {}, fetcher);

export const MeFragment = graphql(`
  fragment Me on User {
    id
    name
    email
    username
    role
    language
    teams { id name }
  }
`);

export const MeDocument = graphql(`
  query CurrentUser {
    me { ...Me }
  }
`);

export const UpdateLanguageDocument = graphql(`
  mutation UpdateLanguage($language: Language!) {
    updateMe(input: { language: $language }) { id language }
  }
`);
