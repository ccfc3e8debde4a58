/**
 * The admin forms' rules: checks made before sending (so the common mistakes are named at once,
 * in the user's language) and the server's refusals placed next to the field they name
 * (`extensions.field`, e.g. `input.email`, `settings.language`). Anything a form has no field
 * for stays a general error shown above its buttons.
 */
import { asApiError } from '../../api/errors';
import type { MessageKey } from '../../i18n';

/** Field name → the message key of what is wrong with it. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

export type Check = (value: string) => MessageKey | null;

export const required: Check = (value) => (value.trim() === '' ? 'admin.error.required' : null);

export const email: Check = (value) => {
  const [local, domain, ...rest] = value.trim().split('@');
  const plausible = rest.length === 0 && !!local && !!domain && !domain.startsWith('.') && !domain.endsWith('.') && !/\s/.test(value.trim());
  return plausible ? null : 'admin.error.email';
};

/** The server's rule (host/src/auth/password.rs): 10 to 128 characters. */
export const password: Check = (value) => ([...value].length < 10 || [...value].length > 128 ? 'admin.error.password' : null);

/** The server's rule (host/src/users.rs): 3–32 of a-z 0-9 . _ -, starting with a letter or digit. */
export const username: Check = (value) => (/^[a-z0-9][a-z0-9._-]{2,31}$/.test(value.trim().toLowerCase()) ? null : 'admin.error.username');

/** Canned responses' shortcuts: 1–32 of a-z 0-9 - _ (lower-cased by the server). */
export const shortcut: Check = (value) => (/^[a-z0-9_-]{1,32}$/.test(value.trim().toLowerCase()) ? null : 'admin.error.shortcut');

export const color: Check = (value) => (/^#[0-9a-fA-F]{6}$/.test(value.trim()) ? null : 'admin.error.color');

export const url: Check = (value) => {
  if (value.trim() === '') return null;
  try {
    const parsed = new URL(value.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? null : 'admin.error.url';
  } catch {
    return 'admin.error.url';
  }
};

/** Runs each field's checks in order; the first failure of a field is its error. */
export function validate(values: Record<string, string>, rules: Record<string, readonly Check[]>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, checks] of Object.entries(rules)) {
    for (const check of checks) {
      const problem = check(values[field] ?? '');
      if (problem !== null) {
        errors[field] = problem;
        break;
      }
    }
  }
  return errors;
}

export const hasErrors = (errors: FieldErrors): boolean => Object.values(errors).some((value) => value !== undefined);

/** `input.email` → `email`; `settings.language` and `secrets.api-token` stay as they are. */
export function fieldOf(serverField: string): string {
  return serverField.startsWith('input.') ? serverField.slice('input.'.length) : serverField;
}

/**
 * A failed request split into what belongs next to one of `fields` and what does not. A taken
 * value (CONFLICT) and a refused one (BAD_USER_INPUT) read differently; a refusal under a named
 * rule (`reason`) is also kept as the general error, which says the rule.
 */
export function splitError(error: unknown, fields: readonly string[]): { fields: FieldErrors; general: unknown } {
  const apiError = asApiError(error);
  if (apiError.field !== null) {
    const field = fieldOf(apiError.field);
    if (fields.includes(field) && (apiError.code === 'BAD_USER_INPUT' || apiError.code === 'CONFLICT')) {
      // A named rule says more than "not accepted": it is said above the buttons too.
      return { fields: { [field]: apiError.code === 'CONFLICT' ? 'admin.error.taken' : 'admin.error.invalid' }, general: apiError.reason === null ? null : apiError };
    }
  }
  return { fields: {}, general: apiError };
}

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A password for a new user, to be handed over once; 16 characters without look-alikes. */
export function generatePassword(random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  // 256 is not a multiple of the alphabet's size: drop the bytes that would bias it.
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < 16) {
    for (const byte of random(new Uint8Array(32))) {
      if (byte < limit && out.length < 16) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}
