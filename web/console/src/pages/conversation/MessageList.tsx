import { useEffect, useRef } from 'preact/hooks';
import { locale, t } from '../../i18n';
import { Button } from '../../ui/Button';
import type { Message, PendingSend } from './thread';

function author(message: Message): string {
  if (message.senderKind === 'CONTACT') return t('conversation.customer');
  if (message.senderKind === 'BOT') return t('conversation.bot');
  if (message.senderKind === 'SYSTEM') return t('conversation.system');
  return t('conversation.you');
}

function Bubble({ message }: { message: Message }) {
  const time = new Date(message.createdAt).toLocaleTimeString(locale.value, { hour: '2-digit', minute: '2-digit' });
  if (message.kind === 'EVENT') {
    return <li class="text-center text-xs text-muted">{message.content} · {time}</li>;
  }
  const outgoing = message.direction === 'OUTGOING';
  const tone = message.private ? 'border border-dashed border-amber-600 bg-warn-bg text-warn-fg' : outgoing ? 'bg-accent text-accent-fg' : 'bg-panel border border-line';
  return (
    <li class={`flex ${outgoing ? 'justify-end' : 'justify-start'}`} data-message={message.id}>
      <div class={`max-w-[75%] rounded-lg px-3 py-2 text-sm ${tone}`}>
        <p class="mb-0.5 text-xs opacity-80">
          {message.private ? `${t('conversation.noteLabel')} · ` : ''}{author(message)} · {time}
          {outgoing && !message.private ? ` · ${t(`conversation.delivery.${message.deliveryState}`)}` : ''}
        </p>
        <p class="whitespace-pre-wrap break-words">{message.content}</p>
        {message.attachments.map((file) => (
          <a key={file.url} href={file.url} class="mt-1 block underline" target="_blank" rel="noreferrer">{file.fileName}</a>
        ))}
      </div>
    </li>
  );
}

/** The history, newest at the bottom, kept scrolled to the end as messages arrive. */
export function MessageList({ messages, pending, hasOlder, onOlder, onRetry }: {
  messages: Message[];
  pending: PendingSend[];
  hasOlder: boolean;
  onOlder: () => void;
  onRetry: (send: PendingSend) => void;
}) {
  const end = useRef<HTMLLIElement>(null);
  const last = messages[messages.length - 1]?.id;
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [last, pending.length]);
  return (
    <ol aria-label={t('conversation.history')} class="min-h-0 flex-1 space-y-2 overflow-y-auto p-4" data-testid="message-list">
      {hasOlder && (
        <li class="text-center"><Button onClick={onOlder}>{t('conversation.older')}</Button></li>
      )}
      {messages.map((message) => <Bubble key={message.id} message={message} />)}
      {pending.map((send) => (
        <li key={send.clientMessageId} class="flex justify-end">
          <div class={`max-w-[75%] rounded-lg px-3 py-2 text-sm opacity-70 ${send.private ? 'border border-dashed border-amber-600' : 'border border-accent'}`}>
            <p class="whitespace-pre-wrap break-words">{send.content}</p>
            <p class="text-xs">
              {send.failed ? (
                <>
                  {t('conversation.failed')} <button type="button" class="underline" onClick={() => onRetry(send)}>{t('conversation.retry')}</button>
                </>
              ) : t('conversation.sending')}
            </p>
          </div>
        </li>
      ))}
      <li ref={end} aria-hidden="true" />
    </ol>
  );
}
