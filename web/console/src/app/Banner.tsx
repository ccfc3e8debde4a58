import { computed, signal } from '@preact/signals';
import { reachable } from '../api/client';
import { connection } from '../api/ws';
import { t } from '../i18n';

const browserOnline = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => (browserOnline.value = true));
  window.addEventListener('offline', () => (browserOnline.value = false));
}

/** True while the server cannot be reached by HTTP or the live connection is down. */
export const disconnected = computed(() => !browserOnline.value || !reachable.value || connection.value === 'lost');

/** Says the connection is lost while it is; the live client reconnects by itself. */
export function ConnectionBanner() {
  return (
    <div role="status" aria-live="polite" class="contents">
      {disconnected.value && (
        <p class="bg-warn-bg px-4 py-2 text-center text-sm font-medium text-warn-fg" data-testid="connection-banner">
          {t('banner.offline')}
        </p>
      )}
    </div>
  );
}
