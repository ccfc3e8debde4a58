import { type ApiError, asApiError } from '../api/errors';
import { describeError } from '../i18n';

/** An API failure said in the user's language; the server's own words only as a tooltip. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  if (error === null || error === undefined) return null;
  const apiError: ApiError = asApiError(error);
  return (
    <p id={id} role="alert" title={apiError.detail} class="rounded-md border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
      {describeError(apiError)}
    </p>
  );
}
