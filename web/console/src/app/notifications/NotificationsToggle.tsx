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
      <span aria-hidden="true">{state === 'on' ? '🔔' : '🔕'}</span>
    </button>
  );
}
