import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { Me } from '../../app/auth';
import { onLinkClick } from '../../app/router';
import { t } from '../../i18n';
import { ChannelIcon } from '../../ui/ChannelIcon';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ActionsBar } from './ActionsBar';
import { Composer } from './Composer';
import { ContactPanel } from './ContactPanel';
import { MessageList } from './MessageList';
import { createConversationStore } from './store';

/** One conversation: header with who holds it, the actions bar, the history, and the composer. */
export function ConversationView({ id, user }: { id: string; user: Me }) {
  const store = useMemo(() => createConversationStore(id), [id]);
  const notice = useSignal<string | null>(null);
  useEffect(() => {
    let close: (() => void) | null = null;
    let gone = false;
    void store.open().then((stop) => (gone ? stop() : (close = stop)));
    return () => {
      gone = true;
      close?.();
    };
  }, [store]);

  const conversation = store.conversation.value;
  const { messages, pending } = store.thread.value;

  return (
    <section aria-labelledby="conversation-title" class="flex min-h-0 flex-1 flex-col bg-surface">
      <header class="flex flex-wrap items-center gap-3 border-b border-line bg-panel px-4 py-2">
        <a href="/inbox" onClick={onLinkClick} class="text-sm underline md:hidden">{t('conversation.back')}</a>
        {conversation !== null && <ChannelIcon kind={conversation.inbox.kind} />}
        <div class="min-w-0">
          <h2 id="conversation-title" class="truncate font-semibold">{conversation?.contact.name ?? t('page.loading')}</h2>
          {conversation !== null && (
            <p class="text-xs text-muted" data-testid="conversation-summary">
              {t('inbox.protocol', { protocol: conversation.protocol })} · {t(`inbox.status.${conversation.status}`)}
              {' · '}<span data-team>{conversation.team?.name ?? t('conversation.noTeam')}</span>
              {' · '}<span data-assignee>{conversation.assignee !== null ? t('inbox.assignedTo', { name: conversation.assignee.name }) : t('conversation.unassigned')}</span>
              {' · '}{t(`inbox.priority.${conversation.priority}`)}
            </p>
          )}
          {conversation !== null && conversation.labels.length > 0 && (
            <ul aria-label={t('conversation.labels')} class="mt-1 flex flex-wrap gap-1">
              {conversation.labels.map((label) => <li key={label} class="rounded-full bg-surface px-2 text-xs">{label}</li>)}
            </ul>
          )}
        </div>
        <span role="status" class="ml-auto text-sm text-muted">{notice.value}</span>
      </header>
      {conversation !== null && (
        <ActionsBar store={store} conversation={conversation} user={user} onDone={(text) => { store.error.value = null; notice.value = text; }}
          onError={(failure) => (store.error.value = failure)} />
      )}
      {store.transfer.value !== null && (
        <p role="status" data-testid="transfer-notice" class="border-b border-line bg-surface px-4 py-2 text-sm">
          {t('conversation.transferredTo', { team: store.transfer.value.team ?? conversation?.assignee?.name ?? '—' })}
          {store.transfer.value.note !== null && <>: <q>{store.transfer.value.note}</q></>}
        </p>
      )}
      {store.error.value !== null && <div class="p-2"><ErrorMessage error={store.error.value} /></div>}
      <div class="flex min-h-0 flex-1">
        <div class="flex min-h-0 min-w-0 flex-1 flex-col">
          <MessageList messages={messages} pending={pending} customerTyping={store.customerTyping.value} hasOlder={store.hasOlder()} onOlder={() => void store.loadOlder()}
            onRetry={(send) => void store.send(send.content, send.private, send.clientMessageId)} />
          <Composer userId={user.id} conversationId={id} onSend={(text, isPrivate) => store.send(text, isPrivate)}
            onAttach={(file, caption, isPrivate) => store.sendAttachment(file, caption, isPrivate)} />
        </div>
        {conversation !== null && <ContactPanel contactId={conversation.contact.id} conversationId={id} />}
      </div>
    </section>
  );
}
