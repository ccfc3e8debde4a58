/**
 * Errors the console shows: every failure of the API becomes an `ApiError` with the server's
 * machine code (`extensions.code`), the rule it was refused under (`extensions.reason`) and, for
 * validation errors, the field it is about, so the UI can say it in the user's language instead
 * of showing raw JSON or the host's English.
 */
import { asReason } from '../../../shared/reasons';
import type { ErrorReason } from '../../../shared/schema-enums';

/** The codes the host maps its errors to, plus the two the client itself detects. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'NETWORK'
  | 'UNKNOWN';

const KNOWN: readonly ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL'];

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** The input field a validation error is about (`extensions.field`). */
    readonly field: string | null,
    /** The server's own (English) message: a fallback and for the console's log, not for users. */
    readonly detail: string,
    /** The rule the host refused under (`extensions.reason`), when it named a known one. */
    readonly reason: ErrorReason | null = null,
    /** The limit that rule names (`extensions.bound`). */
    readonly bound: number | null = null,
  ) {
    super(`${code}${field ? ` (${field})` : ''}: ${detail}`);
    this.name = 'ApiError';
  }
}

interface GraphQLErrorShape {
  message?: unknown;
  extensions?: { code?: unknown; field?: unknown; reason?: unknown; bound?: unknown };
}

/** The first error of a GraphQL response's `errors` array as an `ApiError`. */
export function fromGraphQLErrors(errors: readonly GraphQLErrorShape[]): ApiError {
  const first = errors[0] ?? {};
  const code = typeof first.extensions?.code === 'string' && (KNOWN as readonly string[]).includes(first.extensions.code)
    ? (first.extensions.code as ErrorCode)
    : 'UNKNOWN';
  const field = typeof first.extensions?.field === 'string' ? first.extensions.field : null;
  const detail = typeof first.message === 'string' ? first.message : 'unknown error';
  const bound = typeof first.extensions?.bound === 'number' ? first.extensions.bound : null;
  return new ApiError(code, field, detail, asReason(first.extensions?.reason), bound);
}

/** Anything thrown while talking to the API, as an `ApiError`. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) return new ApiError('NETWORK', null, error.message);
  return new ApiError('UNKNOWN', null, error instanceof Error ? error.message : String(error));
}
