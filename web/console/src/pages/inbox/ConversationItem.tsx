import { t } from '../../i18n';
import { ChannelIcon } from '../../ui/ChannelIcon';
import type { Row } from './listState';
import { WaitBadge } from './WaitBadge';

interface Props {
  row: Row;
  now: number;
  selected: boolean;
  onOpen: (row: Row) => void;
}

const priorityTone = { URGENT: 'bg-danger text-white dark:text-black', HIGH: 'border border-danger text-danger', NORMAL: '', LOW: '' };

/** One conversation in the list: an option of the listbox, opened by click or Enter. */
export function ConversationItem({ row, now, selected, onOpen }: Props) {
  return (
    <li id={`conversation-${row.id}`} role="option" aria-selected={selected} data-conversation={row.id}
      onClick={() => onOpen(row)}
      class={`flex cursor-pointer gap-3 border-b border-line px-3 py-2.5 ${selected ? 'bg-surface ring-2 ring-inset ring-accent' : 'hover:bg-surface'}`}>
      <ChannelIcon kind={row.inbox.kind} />
      <div class="min-w-0 flex-1">
        <div class="flex items-center gap-2">
          <span class={`truncate ${row.unreadCount > 0 ? 'font-semibold' : 'font-medium'}`}>{row.contact.name}</span>
          {(row.priority === 'URGENT' || row.priority === 'HIGH') && (
            <span class={`rounded px-1 text-xs ${priorityTone[row.priority]}`}>{t(`inbox.priority.${row.priority}`)}</span>
          )}
          <span class="ml-auto flex items-center gap-1.5">
            <WaitBadge row={row} now={now} />
            {row.unreadCount > 0 && (
              <span class="min-w-5 rounded-full bg-accent px-1.5 text-center text-xs font-semibold text-accent-fg" aria-label={t('inbox.unread', { count: row.unreadCount })} data-unread={row.unreadCount}>
                {row.unreadCount}
              </span>
            )}
          </span>
        </div>
        <div class="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-muted">
          <span>{t(`inbox.status.${row.status}`)}</span>
          <span aria-hidden="true">·</span>
          <span>{row.assignee === null ? t('inbox.unassignedShort') : t('inbox.assignedTo', { name: row.assignee.name })}</span>
          <span aria-hidden="true">·</span>
          <span>{row.inbox.name}</span>
          {row.labels.map((label) => (
            <span key={label} class="rounded bg-surface px-1 text-fg">#{label}</span>
          ))}
        </div>
      </div>
    </li>
  );
}
