import { useEffect, useRef } from 'preact/hooks';
import { locale, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { describeContents, failureKey } from './contents';
import { deliveryTicks } from './delivery';
import type { Message, PendingSend } from './thread';

function author(message: Message): string {
  if (message.senderKind === 'CONTACT') return t('conversation.customer');
  if (message.senderKind === 'BOT') return t('conversation.bot');
  if (message.senderKind === 'SYSTEM') return t('conversation.system');
  return t('conversation.you');
}

/** Why a reply failed: the reason in the reader's language, the provider's words as detail. */
function Failure({ message }: { message: Message }) {
  const reason = failureKey(message);
  if (reason === null && message.deliveryError === null) return null;
  return (
    <p role="note" class="mt-1 rounded bg-danger-bg px-1 text-xs text-danger" data-failure={message.deliveryFailure ?? undefined}>
      {reason !== null ? t(reason) : t('conversation.deliveryError', { reason: message.deliveryError ?? '' })}
      {reason !== null && message.deliveryError !== null && (
        <span class="block opacity-80">{t('conversation.failure.detail', { detail: message.deliveryError })}</span>
      )}
    </p>
  );
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
          {outgoing && !message.private && (
            <span data-delivery={message.deliveryState} title={t(`conversation.delivery.${message.deliveryState}`)}
              class={message.deliveryState === 'READ' ? 'font-bold text-sky-200' : undefined}>
              {' · '}<span aria-hidden="true">{deliveryTicks(message.deliveryState)} </span>{t(`conversation.delivery.${message.deliveryState}`)}
            </span>
          )}
        </p>
        {describeContents(message).map((part) => (
          <p key={part.key} class="italic" title={part.hint} data-content={part.key.slice('conversation.content.'.length)}>
            {t(part.key, part.params)}
            {part.href !== undefined && (
              <> · <a href={part.href} target="_blank" rel="noreferrer" class="underline">{t('conversation.content.openMap')}</a></>
            )}
          </p>
        ))}
        {message.content !== '' && <p class="whitespace-pre-wrap break-words">{message.content}</p>}
        {message.deliveryState === 'FAILED' && <Failure message={message} />}
        {message.attachments.map((file) => file.contentType.startsWith('image/')
          ? (
            <a key={file.url} href={file.url} target="_blank" rel="noreferrer" class="mt-1 block">
              <img src={file.url} alt={file.fileName} loading="lazy" class="max-h-64 max-w-full rounded" />
            </a>
          )
          : <a key={file.url} href={file.url} download={file.fileName} class="mt-1 block underline">{file.fileName}</a>)}
      </div>
    </li>
  );
}

/** The history, newest at the bottom, kept scrolled to the end as messages arrive. */
export function MessageList({ messages, pending, hasOlder, onOlder, onRetry, customerTyping = false }: {
  messages: Message[];
  customerTyping?: boolean;
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
      {customerTyping && <li role="status" class="text-xs italic text-muted" data-testid="customer-typing">{t('conversation.customerTyping')}</li>}
      <li ref={end} aria-hidden="true" />
    </ol>
  );
}
