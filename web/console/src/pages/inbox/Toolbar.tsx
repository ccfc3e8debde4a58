import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ConversationPriority } from '../../gql/graphql';
import { t } from '../../i18n';
import { PRIORITIES, STATUS_CHOICES, type StatusChoice, type View } from './listState';
import type { InboxStore } from './store';

export interface Choices {
  inboxes: { id: string; name: string }[];
  labels: { name: string }[];
  teams: { id: string; name: string }[];
}

const selectClass = 'rounded-md border border-line bg-panel px-2 py-1 text-sm';

/** Views (by role), the team, filters and the search box above the list. */
export function Toolbar({ store, views, choices }: { store: InboxStore; views: View[]; choices: Choices }) {
  const query = store.query.value;
  const search = useSignal(query.filters.search);
  useEffect(() => {
    // Typing pauses before the server is asked.
    const timer = setTimeout(() => {
      if (search.value !== store.query.value.filters.search) store.setFilters({ search: search.value });
    }, 300);
    return () => clearTimeout(timer);
  }, [search.value]);

  return (
    <div class="space-y-2 border-b border-line p-3">
      <div role="group" aria-label={t('inbox.views')} class="flex flex-wrap gap-1">
        {views.map((view) => (
          <button key={view} type="button" aria-pressed={query.view === view} onClick={() => store.setView(view)}
            class={`rounded-md px-3 py-1 text-sm font-medium ${query.view === view ? 'bg-accent text-accent-fg' : 'border border-line hover:bg-surface'}`}>
            {t(`inbox.view.${view}`)}
          </button>
        ))}
      </div>
      {query.view === 'team' && choices.teams.length > 1 && (
        <label class="flex items-center gap-2 text-sm">
          {t('inbox.team')}
          <select class={selectClass} value={query.teamId ?? ''} onChange={(e) => store.setTeam(e.currentTarget.value)}>
            {choices.teams.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
          </select>
        </label>
      )}
      <div>
        <label for="inbox-search" class="sr-only">{t('inbox.search')}</label>
        <input id="inbox-search" type="search" value={search.value} placeholder={t('inbox.searchPlaceholder')}
          onInput={(e) => (search.value = e.currentTarget.value)}
          class="w-full rounded-md border border-line bg-surface px-3 py-1.5 text-sm" />
      </div>
      <fieldset class="flex flex-wrap gap-2">
        <legend class="sr-only">{t('inbox.filters')}</legend>
        <label class="flex flex-col text-xs text-muted">
          {t('inbox.filter.status')}
          <select class={selectClass} value={query.filters.status} onChange={(e) => store.setFilters({ status: e.currentTarget.value as StatusChoice })}>
            {STATUS_CHOICES.map((status) => <option key={status} value={status}>{t(`inbox.status.${status}`)}</option>)}
          </select>
        </label>
        <label class="flex flex-col text-xs text-muted">
          {t('inbox.filter.inbox')}
          <select class={selectClass} value={query.filters.inboxId ?? ''} onChange={(e) => store.setFilters({ inboxId: e.currentTarget.value || null })}>
            <option value="">{t('inbox.filter.any')}</option>
            {choices.inboxes.map((inbox) => <option key={inbox.id} value={inbox.id}>{inbox.name}</option>)}
          </select>
        </label>
        <label class="flex flex-col text-xs text-muted">
          {t('inbox.filter.label')}
          <select class={selectClass} value={query.filters.label ?? ''} onChange={(e) => store.setFilters({ label: e.currentTarget.value || null })}>
            <option value="">{t('inbox.filter.any')}</option>
            {choices.labels.map((label) => <option key={label.name} value={label.name}>{label.name}</option>)}
          </select>
        </label>
        <label class="flex flex-col text-xs text-muted">
          {t('inbox.filter.priority')}
          <select class={selectClass} value={query.filters.priority ?? ''} onChange={(e) => store.setPriority((e.currentTarget.value || null) as ConversationPriority | null)}>
            <option value="">{t('inbox.filter.any')}</option>
            {PRIORITIES.map((priority) => <option key={priority} value={priority}>{t(`inbox.priority.${priority}`)}</option>)}
          </select>
        </label>
      </fieldset>
    </div>
  );
}
