import { useEffect } from 'preact/hooks';
import { locale, t } from '../../i18n';
import { live, me } from '../auth';
import { navigate } from '../router';
import { NotifyEventsDocument } from './operations';
import { notify, noticeFor, notifyState, toggleNotifications } from './notify';

/** A bell in the header: turns background notifications on or off, and listens while on. */
export function NotificationsToggle() {
  const user = me.value;
  const state = notifyState.value;

  useEffect(() => {
    if (user === null || state !== 'on') return;
    return live.subscribe(NotifyEventsDocument, { filter: { kinds: ['CREATED', 'MESSAGE_CREATED'] } }, ({ inboxEvents }) => {
      const notice = noticeFor(inboxEvents, user.id, locale.value);
      if (notice !== null) notify(notice, inboxEvents.conversation.id, (path) => navigate(path));
    });
  }, [user?.id, state]);

  if (state === 'unsupported') return null;
  const label = t(state === 'blocked' ? 'notify.blocked' : 'notify.toggle');
  return (
    <button type="button" aria-pressed={state === 'on'} aria-label={label} title={label} disabled={state === 'blocked'}
      onClick={() => void toggleNotifications()} data-notify={state}
      class={`rounded-md border border-line px-2 py-1 text-sm disabled:opacity-60 ${state === 'on' ? 'bg-accent text-accent-fg' : ''}`}>
      <svg aria-hidden="true" viewBox="0 0 24 24" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        {state !== 'on' && <path d="M3 3l18 18" />}
      </svg>
    </button>
  );
}
