import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { api, type Me, me } from '../../app/auth';
import { navigate, path } from '../../app/router';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ConversationView } from '../conversation/ConversationView';
import { ConversationItem } from './ConversationItem';
import { MessageHits } from './MessageHits';
import { viewsFor, type Row } from './listState';
import { InboxFilterChoicesDocument } from './operations';
import { createInboxStore } from './store';
import { type Choices, Toolbar } from './Toolbar';

/** The conversation open at `/inbox/{id}`, if any. */
const selectedId = (pathname: string): string | null => pathname.match(/^\/inbox\/([^/]+)/)?.[1] ?? null;

export function InboxPage() {
  const user = me.value;
  return user === null ? null : <InboxScreen user={user} />;
}

function InboxScreen({ user }: { user: Me }) {
  const store = useMemo(() => createInboxStore({ id: user.id, role: user.role, teamIds: user.teams.map((team) => team.id) }), [user.id]);
  const choices = useSignal<Choices>({ inboxes: [], labels: [], teams: user.teams });
  const now = useSignal(Date.now());
  const notice = useSignal<string | null>(null);
  const claimError = useSignal<unknown>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    void store.load();
    const disconnect = store.connect();
    api.request(InboxFilterChoicesDocument).then(
      (data) => (choices.value = { ...choices.value, inboxes: data.inboxes, labels: data.labels }),
      () => undefined, // The filters still work without the choices' names.
    );
    const tick = setInterval(() => (now.value = Date.now()), 15_000);
    return () => {
      disconnect();
      clearInterval(tick);
    };
  }, [store]);

  useEffect(() => {
    const unread = store.unread.value;
    document.title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name');
  }, [store.unread.value]);

  const selected = selectedId(path.value);
  const rows = store.rows.value;
  const open = (row: Row) => navigate(`/inbox/${row.id}`);

  const onKeyDown = (event: KeyboardEvent) => {
    if (rows.length === 0) return;
    const index = rows.findIndex((row) => row.id === selected);
    let next: number;
    if (event.key === 'ArrowDown' || event.key === 'j') next = Math.min(rows.length - 1, index + 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = rows.length - 1;
    else return;
    event.preventDefault();
    const row = rows[next];
    if (row !== undefined) {
      open(row);
      listRef.current?.querySelector(`#conversation-${CSS.escape(row.id)}`)?.scrollIntoView({ block: 'nearest' });
    }
  };

  const claimNext = async () => {
    notice.value = null;
    claimError.value = null;
    try {
      const claimed = await store.claimNext();
      if (claimed === null) notice.value = t('inbox.queueEmpty');
      else {
        notice.value = t('inbox.claimed', { name: claimed.contact.name });
        open(claimed);
      }
    } catch (failure) {
      claimError.value = failure;
    }
  };

  const current = rows.find((row) => row.id === selected);
  return (
    <div class="flex min-h-0 flex-1">
      {/* Below tablet-landscape width, an open conversation takes the whole screen. */}
      <section aria-labelledby="inbox-title" class={`${selected === null ? 'flex' : 'hidden md:flex'} w-full min-w-0 flex-col border-r border-line bg-panel md:w-[22rem] md:shrink-0 lg:w-[26rem]`}>
        <div class="flex items-center gap-2 px-3 pt-3">
          <h1 id="inbox-title" class="text-lg font-semibold">{t('inbox.title')}</h1>
          <Button variant="primary" class="ml-auto" onClick={() => void claimNext()}>{t('inbox.claimNext')}</Button>
        </div>
        <div role="status" aria-live="polite" class="px-3 text-sm text-muted">{notice.value}</div>
        {claimError.value !== null && <div class="px-3"><ErrorMessage error={claimError.value} /></div>}
        <Toolbar store={store} views={viewsFor(user.role)} choices={choices.value} />
        {store.query.value.view === 'team' && user.teams.length === 0 && <p class="p-3 text-sm text-muted">{t('inbox.noTeam')}</p>}
        {store.error.value !== null && <div class="p-3"><ErrorMessage error={store.error.value} /></div>}
        {rows.length === 0 && !store.loading.value && <p class="p-4 text-sm text-muted">{t('inbox.empty')}</p>}
        <ul ref={listRef} role="listbox" tabIndex={0} aria-label={t('inbox.list')} aria-busy={store.loading.value}
          aria-activedescendant={current ? `conversation-${current.id}` : undefined}
          onKeyDown={onKeyDown} class="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list">
          {rows.map((row) => <ConversationItem key={row.id} row={row} now={now.value} selected={row.id === selected} onOpen={open} />)}
        </ul>
        <MessageHits search={store.query.value.filters.search} />
        {store.hasMore.value && (
          <div class="border-t border-line p-2 text-center">
            <Button onClick={() => void store.loadMore()} disabled={store.loading.value}>{t('inbox.loadMore')}</Button>
          </div>
        )}
      </section>
      {selected === null ? (
        <section class="hidden flex-1 items-center justify-center p-6 text-center text-muted md:flex">
          <p>{t('inbox.select')}</p>
        </section>
      ) : (
        <ConversationView key={selected} id={selected} user={user} />
      )}
    </div>
  );
}
