/**
 * Plugin packages go up as a GraphQL multipart request (the spec apollo-upload-client follows)
 * to `/graphql/upload`: `/graphql` takes JSON only. The JSON client cannot send files, so this
 * is its one multipart sibling, with the same token handling (one refresh and retry when the
 * token was refused) and the same `ApiError`s.
 */
import { ApiError, asApiError, fromGraphQLErrors } from '../../api/errors';
import type { Session } from '../../api/session';

export function multipartBody(query: string, variables: Record<string, unknown>, fileVariable: string, file: File): FormData {
  const body = new FormData();
  body.append('operations', JSON.stringify({ query, variables: { ...variables, [fileVariable]: null } }));
  body.append('map', JSON.stringify({ 0: [`variables.${fileVariable}`] }));
  body.append('0', file);
  return body;
}

export async function uploadMutation<T>(
  session: Pick<Session, 'accessToken' | 'refresh'>,
  query: string,
  variables: Record<string, unknown>,
  fileVariable: string,
  file: File,
  fetcher: typeof fetch = (...args) => fetch(...args),
): Promise<T> {
  const send = async (token: string | null) => {
    let response: Response;
    try {
      response = await fetcher('/graphql/upload', {
        method: 'POST',
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
        body: multipartBody(query, variables, fileVariable, file),
      });
    } catch (error) {
      throw asApiError(error);
    }
    if (response.status === 413) throw new ApiError('BAD_USER_INPUT', 'package', 'too large');
    try {
      return (await response.json()) as { data?: T; errors?: never[] };
    } catch {
      throw new ApiError('INTERNAL', null, `HTTP ${response.status}`);
    }
  };
  const token = await session.accessToken();
  let body = await send(token);
  if (body.errors?.length && fromGraphQLErrors(body.errors).code === 'UNAUTHENTICATED' && token !== null) {
    const fresh = await session.refresh();
    if (fresh !== null) body = await send(fresh);
  }
  if (body.errors?.length) throw fromGraphQLErrors(body.errors);
  return body.data as T;
}
