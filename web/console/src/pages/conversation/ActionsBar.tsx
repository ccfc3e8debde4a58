import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Me } from '../../app/auth';
import { api } from '../../app/auth';
import type { ConversationPriority, ConversationRowFragment } from '../../gql/graphql';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { PRIORITIES, parseSnoozeUntil, snoozeDefault, statusActions, toggleLabel } from './actions';
import { LabelCatalogueDocument } from './operations';
import type { ConversationStore } from './store';
import { shortcutFor } from './shortcuts';
import { ShortcutsHelp } from './ShortcutsHelp';
import { TransferDialog } from './TransferDialog';

interface Label { name: string; color: string; description: string }

/**
 * What an agent does to a conversation besides writing: take it, transfer it, resolve, reopen
 * or snooze it, its priority and labels. Each action reports through `onDone` (a notice) or
 * `onError`; what others do arrives through the store's events.
 */
export function ActionsBar({ store, conversation, user, onDone, onError }: {
  store: ConversationStore;
  conversation: ConversationRowFragment;
  user: Me;
  onDone: (notice: string) => void;
  onError: (failure: unknown) => void;
}) {
  const transferring = useSignal(false);
  const catalogue = useSignal<Label[]>([]);
  const snoozeAt = useSignal(snoozeDefault(new Date()));
  const snoozeInvalid = useSignal(false);
  const helping = useSignal(false);
  useEffect(() => {
    void api.request(LabelCatalogueDocument, {}).then(({ labels }) => (catalogue.value = labels)).catch(onError);
  }, []);

  const run = async (action: () => Promise<void>, notice: string) => {
    try {
      await action();
      onDone(notice);
    } catch (failure) {
      onError(failure);
    }
  };
  const available = statusActions(conversation.status, conversation.assignee !== null);
  const mine = conversation.assignee?.id === user.id;
  // Labels outside the catalogue (set by a bot or the API) stay offered so they can be removed.
  const names = [...new Set([...catalogue.value.map((label) => label.name), ...conversation.labels])].sort();
  // Re-added each render so the listener always sees the conversation as it is now.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // A dialog open (ours or the expired-session one) owns the keyboard.
      if (document.querySelector('dialog[open], [role="dialog"]') !== null) return;
      const action = shortcutFor(event);
      if (action === null) return;
      event.preventDefault();
      if (action === 'help') helping.value = true;
      else if (action === 'reply') document.getElementById('composer')?.focus();
      else if (action === 'transfer' && available.resolve) transferring.value = true;
      else if (action === 'assign' && !mine && available.resolve) void run(() => store.actions.assign(user.id), t('conversation.assignedToYou'));
      else if (action === 'resolve' && available.resolve) void run(() => store.resolve(), t('conversation.resolved'));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
  const snooze = (event: Event) => {
    event.preventDefault();
    const until = parseSnoozeUntil(snoozeAt.value, new Date());
    snoozeInvalid.value = until === null;
    if (until !== null) void run(() => store.actions.snooze(until), t('conversation.snoozed'));
  };

  return (
    <div role="toolbar" aria-label={t('conversation.actions')} class="flex flex-wrap items-center gap-2 border-b border-line bg-panel px-4 py-2 text-sm">
      {!mine && available.resolve && (
        <Button onClick={() => void run(() => store.actions.assign(user.id), t('conversation.assignedToYou'))}>{t('conversation.assignMe')}</Button>
      )}
      {available.resolve && <Button onClick={() => (transferring.value = true)}>{t('conversation.transfer')}</Button>}
      <label class="flex items-center gap-1">
        <span>{t('inbox.filter.priority')}</span>
        <select value={conversation.priority} class="rounded-md border border-line bg-surface px-2 py-1"
          onChange={(e) => void run(() => store.actions.setPriority(e.currentTarget.value as ConversationPriority), t('conversation.prioritySet'))}>
          {PRIORITIES.map((priority) => <option key={priority} value={priority}>{t(`inbox.priority.${priority}`)}</option>)}
        </select>
      </label>
      <details class="relative">
        <summary class="cursor-pointer rounded-md border border-line px-3 py-1">{t('conversation.labels')}</summary>
        <fieldset class="absolute z-20 mt-1 max-h-64 w-56 space-y-1 overflow-y-auto rounded-md border border-line bg-panel p-2 shadow-lg">
          <legend class="sr-only">{t('conversation.labels')}</legend>
          {names.length === 0 && <p class="text-muted">{t('conversation.noLabels')}</p>}
          {names.map((name) => {
            const color = catalogue.value.find((label) => label.name === name)?.color;
            return (
              <label key={name} class="flex items-center gap-2">
                <input type="checkbox" checked={conversation.labels.includes(name)}
                  onChange={() => void run(() => store.actions.setLabels(toggleLabel(conversation.labels, name)), t('conversation.labelsSet'))} />
                <span aria-hidden="true" class="inline-block h-3 w-3 rounded-full" style={{ background: color ?? 'currentColor' }} />
                {name}
              </label>
            );
          })}
        </fieldset>
      </details>
      {available.snooze && (
        <form onSubmit={snooze} class="flex items-center gap-1">
          <label for="snooze-until" class="sr-only">{t('conversation.snoozeUntil')}</label>
          <input id="snooze-until" type="datetime-local" value={snoozeAt.value} aria-invalid={snoozeInvalid.value}
            aria-describedby={snoozeInvalid.value ? 'snooze-error' : undefined}
            onInput={(e) => (snoozeAt.value = e.currentTarget.value)} class="rounded-md border border-line bg-surface px-2 py-1" />
          <Button type="submit">{t('conversation.snooze')}</Button>
          {snoozeInvalid.value && <span id="snooze-error" class="text-danger">{t('conversation.snoozeInvalid')}</span>}
        </form>
      )}
      <span class="ml-auto" />
      {available.resolve && <Button variant="primary" onClick={() => void run(() => store.resolve(), t('conversation.resolved'))}>{t('conversation.resolve')}</Button>}
      {available.reopen && <Button onClick={() => void run(() => store.actions.reopen(), t('conversation.reopened'))}>{t('conversation.reopen')}</Button>}
      <Button aria-keyshortcuts="?" onClick={() => (helping.value = true)} title={t('conversation.shortcuts')}>
        <span aria-hidden="true">?</span><span class="sr-only">{t('conversation.shortcuts')}</span>
      </Button>
      {helping.value && <ShortcutsHelp onClose={() => (helping.value = false)} />}
      {transferring.value && (
        <TransferDialog canPickAgent={user.role !== 'AGENT'} currentTeamId={conversation.team?.id ?? null}
          onTransfer={(target, note) => store.actions.transfer(target, note).then(() => onDone(t('conversation.transferred')))}
          onClose={() => (transferring.value = false)} />
      )}
    </div>
  );
}
