// What the visitor reads when the host refuses something: the rule it refused under, in the
// visitor's language, or a plain sentence. Never the host's English message or raw JSON.

import { describeReason } from '../../shared/reasons';
import { ApiError } from './api';
import type { Locale, Messages } from './i18n';

export interface Explained {
  /** The form field the error belongs under, when the host named one. */
  field: string | null;
  /** Said under that field. */
  underField: string;
  /** Said in the banner, when there is no such field on screen. */
  banner: string;
}

export function explain(error: unknown, t: Messages, locale: Locale): Explained {
  if (!(error instanceof ApiError)) return { field: null, underField: t.invalidField, banner: t.genericError };
  const reason = error.reason === null ? null : describeReason(error.reason, locale, error.bound);
  return { field: error.field, underField: reason ?? t.invalidField, banner: reason ?? t.genericError };
}
