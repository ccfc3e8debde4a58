/** The audit log's filter form, as typed, to the API's `AuditFilter`. */
import type { AuditFilter } from '../../gql/graphql';

export interface AuditFilterText {
  action: string;
  targetType: string;
  targetId: string;
  /** `datetime-local` values: the admin's own clock. */
  since: string;
  until: string;
}

/** Empty fields are left out; local date-times become instants (ISO, UTC). */
export function auditFilter(text: AuditFilterText): AuditFilter {
  const filter: AuditFilter = {};
  if (text.action.trim()) filter.action = text.action.trim();
  if (text.targetType.trim()) filter.targetType = text.targetType.trim();
  if (text.targetId.trim()) filter.targetId = text.targetId.trim();
  const instant = (value: string) => {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  };
  if (text.since && instant(text.since)) filter.since = instant(text.since);
  if (text.until && instant(text.until)) filter.until = instant(text.until);
  return filter;
}
