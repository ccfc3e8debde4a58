import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { Me } from '../../app/auth';
import { onLinkClick } from '../../app/router';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ChannelIcon } from '../../ui/ChannelIcon';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { createConversationStore } from './store';

/** One conversation: header with status and resolve, the history, and the composer. */
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
  const resolve = async () => {
    try {
      await store.resolve();
      notice.value = t('conversation.resolved');
    } catch (failure) {
      store.error.value = failure;
    }
  };

  return (
    <section aria-labelledby="conversation-title" class="flex min-h-0 flex-1 flex-col bg-surface">
      <header class="flex flex-wrap items-center gap-3 border-b border-line bg-panel px-4 py-2">
        <a href="/inbox" onClick={onLinkClick} class="text-sm underline md:hidden">{t('conversation.back')}</a>
        {conversation !== null && <ChannelIcon kind={conversation.inbox.kind} />}
        <div class="min-w-0">
          <h2 id="conversation-title" class="truncate font-semibold">{conversation?.contact.name ?? t('page.loading')}</h2>
          {conversation !== null && (
            <p class="text-xs text-muted">{t('inbox.protocol', { protocol: conversation.protocol })} · {t(`inbox.status.${conversation.status}`)}</p>
          )}
        </div>
        <div class="ml-auto flex items-center gap-2">
          <span role="status" class="text-sm text-muted">{notice.value}</span>
          {conversation !== null && conversation.status !== 'RESOLVED' && (
            <Button onClick={() => void resolve()}>{t('conversation.resolve')}</Button>
          )}
        </div>
      </header>
      {store.error.value !== null && <div class="p-2"><ErrorMessage error={store.error.value} /></div>}
      <MessageList messages={messages} pending={pending} hasOlder={store.hasOlder()} onOlder={() => void store.loadOlder()}
        onRetry={(send) => void store.send(send.content, send.private, send.clientMessageId)} />
      <Composer userId={user.id} conversationId={id} onSend={(text, isPrivate) => store.send(text, isPrivate)} />
    </section>
  );
}
