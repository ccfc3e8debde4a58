import type { PluginError } from 'ispchat:types/common@1.0.0';

// How errors cross the component boundary in JavaScript (componentize-qjs and jco agree):
// - an import whose WIT result is `err(e)` throws an Error whose `payload` is `e`;
// - an export returns `err(e)` when the function throws an Error whose `payload` is `e`.
//   Throwing anything else traps the instance, which the host counts as a crash.

/** Thrown by an export to return `err(payload)` to the host. */
export class ComponentError<E> extends Error {
  readonly payload: E;
  constructor(payload: E, message?: string) {
    super(message ?? describeError(payload));
    this.payload = payload;
  }
}

/** Throw the world's `plugin-error`: the host logs it and uses its default for this call. */
export function fail(code: string, message: string, options: { retryable?: boolean } = {}): never {
  const payload: PluginError = { code, message, retryable: options.retryable ?? false };
  throw new ComponentError(payload, `${code}: ${message}`);
}

/** The `err` value of a failed host call, or undefined when `error` is something else. */
export function hostErrorOf<E = unknown>(error: unknown): E | undefined {
  if (typeof error === 'object' && error !== null && 'payload' in error) {
    return (error as { payload: E }).payload;
  }
  return undefined;
}

/**
 * Wrap an export so that whatever it throws reaches the host as a well-formed `err` instead of a
 * trap: errors whose payload already has the export's error shape pass through, anything else
 * (a bug, a host error the plugin did not handle) goes through `convert`.
 */
export function guard<A extends unknown[], R, E>(
  handler: (...args: A) => R,
  isExportError: (payload: unknown) => payload is E,
  convert: (message: string) => E,
): (...args: A) => R {
  return (...args: A): R => {
    try {
      return handler(...args);
    } catch (error) {
      const payload = hostErrorOf(error);
      if (payload !== undefined && isExportError(payload)) throw error;
      throw new ComponentError<E>(convert(describeError(error)));
    }
  };
}

export function isPluginError(value: unknown): value is PluginError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PluginError).code === 'string' &&
    typeof (value as PluginError).message === 'string' &&
    typeof (value as PluginError).retryable === 'boolean'
  );
}

/** A readable one-liner for an exception or an error payload (`denied: kv not declared`). */
export function describeError(error: unknown): string {
  const payload = hostErrorOf(error);
  if (payload !== undefined) return describeError(payload);
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const p = error as { tag?: unknown; val?: unknown; code?: unknown; message?: unknown };
    if (typeof p.code === 'string') return `${p.code}: ${String(p.message)}`;
    if (typeof p.tag === 'string') return p.val === undefined ? p.tag : `${p.tag}: ${String(p.val)}`;
  }
  return String(error);
}
