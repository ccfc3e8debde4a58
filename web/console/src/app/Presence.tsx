import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Presence as PresenceValue } from '../gql/graphql';
import { t } from '../i18n';
import { ErrorMessage } from '../ui/ErrorMessage';
import { me } from './auth';
import { NotificationsToggle } from './notifications/NotificationsToggle';
import { changePresence, followPresence, moveIndex, myPresence, PRESENCES, presenceError, presenceSaving } from './presence/state';

const dot: Record<PresenceValue, string> = {
  ONLINE: 'bg-green-600',
  AWAY: 'bg-amber-500',
  OFFLINE: 'border border-muted bg-transparent',
};

/**
 * The header's availability switch: a menu button with one radio item per presence (WAI-ARIA
 * menu button pattern: arrows move, Enter/Space choose, Escape closes and returns focus).
 */
export function Presence() {
  const user = me.value;
  const open = useSignal(false);
  const focused = useSignal(0);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => (user === null ? undefined : followPresence(user.id)), [user?.id]);
  useEffect(() => {
    if (open.value) items.current[focused.value]?.focus();
  }, [open.value, focused.value]);

  const current = myPresence.value?.presence ?? null;
  const close = (refocus: boolean) => {
    open.value = false;
    if (refocus) button.current?.focus();
  };
  const choose = (presence: PresenceValue) => {
    close(true);
    if (presence !== current) void changePresence(presence);
  };
  const label = t('presence.menu', { state: current === null ? '…' : t(`presence.${current}`) });

  return (
    <div class="flex items-center gap-2">
    <div class="relative" data-slot="presence" data-presence={current ?? undefined}
      onFocusOut={(event) => {
        // Focus leaving the menu (Tab, a click elsewhere) closes it.
        if (open.value && !event.currentTarget.contains(event.relatedTarget as Node | null)) close(false);
      }}>
      <button ref={button} type="button" aria-haspopup="menu" aria-expanded={open.value} aria-controls="presence-menu" aria-label={label} title={label}
        // Not disabled while saving: that would drop the keyboard focus the menu just returned.
        disabled={current === null} aria-busy={presenceSaving.value}
        onClick={() => {
          if (presenceSaving.value) return;
          presenceError.value = null;
          focused.value = Math.max(0, PRESENCES.indexOf(current ?? 'ONLINE'));
          open.value = !open.value;
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            focused.value = event.key === 'ArrowDown' ? 0 : PRESENCES.length - 1;
            open.value = true;
          }
        }}
        class="inline-flex items-center gap-1.5 rounded-md border border-line px-2 py-1 text-sm disabled:opacity-60">
        <span aria-hidden="true" class={`h-2.5 w-2.5 rounded-full ${current === null ? 'border border-muted' : dot[current]}`} />
        <span class="hidden sm:inline">{current === null ? t('page.loading') : t(`presence.${current}`)}</span>
        <span aria-hidden="true" class="text-xs text-muted">▾</span>
      </button>
      {open.value && (
        <div id="presence-menu" role="menu" aria-label={t('header.presence')}
          class="absolute right-0 z-30 mt-1 w-64 rounded-md border border-line bg-panel p-1 shadow-lg"
          onKeyDown={(event) => {
            if (event.key === 'Escape' || event.key === 'Tab') {
              if (event.key === 'Escape') event.preventDefault();
              close(event.key === 'Escape');
              return;
            }
            const next = moveIndex(event.key, focused.value, PRESENCES.length);
            if (next !== null) {
              event.preventDefault();
              focused.value = next;
            }
          }}>
          {PRESENCES.map((presence, index) => (
            <button key={presence} ref={(element) => void (items.current[index] = element)} type="button" role="menuitemradio"
              aria-checked={presence === current} tabIndex={index === focused.value ? 0 : -1}
              onClick={() => choose(presence)}
              class="flex w-full items-start gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-surface focus:bg-surface">
              <span aria-hidden="true" class={`mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full ${dot[presence]}`} />
              <span>
                <span class="block font-medium">{t(`presence.${presence}`)}{presence === current && <span aria-hidden="true"> ✓</span>}</span>
                <span class="block text-xs text-muted">{t(`presence.hint.${presence}`)}</span>
              </span>
            </button>
          ))}
        </div>
      )}
      {presenceError.value !== null && (
        <div class="absolute right-0 z-30 mt-1 w-64">
          <ErrorMessage error={presenceError.value} />
        </div>
      )}
    </div>
    <NotificationsToggle />
    </div>
  );
}
