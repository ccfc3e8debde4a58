import { t } from '../i18n';

/**
 * The header's slot for the agent's availability (online / away / offline). The host's presence
 * API is being added separately; until then this only marks the place, with no made-up state.
 */
export function Presence() {
  return (
    <span class="inline-flex items-center gap-1.5 text-xs text-muted" title={t('header.presenceSoon')} data-slot="presence">
      <span aria-hidden="true" class="h-2.5 w-2.5 rounded-full border border-muted" />
      <span class="sr-only">{t('header.presenceSoon')}</span>
    </span>
  );
}
