import { useSignal } from '@preact/signals';
import { api } from '../../app/auth';
import type { AdminCannedQuery, CannedResponseScope } from '../../gql/graphql';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { type FieldErrors, hasErrors, required, shortcut, splitError, validate } from './form';
import { AdminCannedDocument, CreateCannedDocument, DeleteCannedDocument, UpdateCannedDocument } from './operations';
import { useLoad } from './useLoad';

type Canned = AdminCannedQuery['cannedResponses'][number];
type TeamRef = AdminCannedQuery['teams'][number];
const SCOPES: readonly CannedResponseScope[] = ['GLOBAL', 'TEAM', 'PERSONAL'];

/** A new response (with its scope and team) or an existing one's shortcut and text. */
function CannedForm({ canned, teams, onSaved, onCancel }: { canned: Canned | null; teams: readonly TeamRef[]; onSaved: () => void; onCancel?: () => void }) {
  const values = useSignal({ shortcut: canned?.shortcut ?? '', content: canned?.content ?? '', scope: 'GLOBAL' as CannedResponseScope, teamId: teams[0]?.id ?? '' });
  const errors = useSignal<FieldErrors>({});
  const general = useSignal<unknown>(null);
  const v = values.value;
  const set = (field: keyof typeof v) => (value: string) => (values.value = { ...values.value, [field]: value });
  const prefix = canned === null ? 'new-canned' : `canned-${canned.id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    general.value = null;
    errors.value = validate(v, { shortcut: [required, shortcut], content: [required], ...(canned === null && v.scope === 'TEAM' ? { teamId: [required] } : {}) });
    if (hasErrors(errors.value)) return;
    try {
      const text = { shortcut: v.shortcut.trim().toLowerCase(), content: v.content };
      if (canned === null) {
        await api.request(CreateCannedDocument, { input: { ...text, scope: v.scope, teamId: v.scope === 'TEAM' ? v.teamId : null } });
        values.value = { ...values.value, shortcut: '', content: '' };
      } else {
        await api.request(UpdateCannedDocument, { id: canned.id, input: text });
      }
      onSaved();
    } catch (failure) {
      const split = splitError(failure, ['shortcut', 'content', 'scope', 'teamId']);
      errors.value = split.fields;
      general.value = split.general;
    }
  };
  return (
    <form onSubmit={submit} noValidate class="grid gap-3 md:grid-cols-2">
      <TextField id={`${prefix}-shortcut`} label={t('admin.canned.shortcut')} value={v.shortcut} onInput={set('shortcut')} error={errors.value.shortcut} required hint={t('admin.canned.shortcutHint')} />
      {canned === null && (
        <SelectField id={`${prefix}-scope`} label={t('admin.canned.scope')} value={v.scope} onChange={set('scope')} error={errors.value.scope}
          options={SCOPES.map((scope) => ({ value: scope, label: t(`admin.canned.scope.${scope}`) }))} />
      )}
      {canned === null && v.scope === 'TEAM' && (
        <SelectField id={`${prefix}-team`} label={t('admin.canned.team')} value={v.teamId} onChange={set('teamId')} error={errors.value.teamId}
          options={teams.map((team) => ({ value: team.id, label: team.name }))} />
      )}
      <div class="md:col-span-2">
        <TextField id={`${prefix}-content`} label={t('admin.canned.content')} multiline value={v.content} onInput={set('content')} error={errors.value.content} required
          hint={t('admin.canned.placeholders')} />
      </div>
      <div class="md:col-span-2"><ErrorMessage error={general.value} /></div>
      <div class="flex gap-2 md:col-span-2">
        <Button type="submit" variant="primary">{canned === null ? t('admin.canned.create') : t('admin.save')}</Button>
        {onCancel && <Button onClick={onCancel}>{t('admin.cancel')}</Button>}
      </div>
    </form>
  );
}

function CannedItem({ canned, teams, onChanged }: { canned: Canned; teams: readonly TeamRef[]; onChanged: () => void }) {
  const editing = useSignal(false);
  const error = useSignal<unknown>(null);
  const remove = async () => {
    try {
      await api.request(DeleteCannedDocument, { id: canned.id });
      onChanged();
    } catch (failure) {
      error.value = failure;
    }
  };
  const whose = canned.scope === 'TEAM' ? canned.team?.name ?? '' : canned.scope === 'PERSONAL' ? canned.owner?.name ?? '' : '';
  return (
    <li data-testid={`canned-${canned.shortcut}`} class="space-y-2 rounded-lg border border-line bg-panel p-3">
      {editing.value
        ? <CannedForm canned={canned} teams={teams} onCancel={() => (editing.value = false)} onSaved={() => { editing.value = false; onChanged(); }} />
        : (
          <>
            <div class="flex flex-wrap items-center gap-3">
              <code class="font-semibold">/{canned.shortcut}</code>
              <span class="rounded bg-surface px-2 text-xs">{t(`admin.canned.scope.${canned.scope}`)}{whose ? ` · ${whose}` : ''}</span>
              <span class="ml-auto flex gap-2">
                <Button onClick={() => (editing.value = true)}>{t('admin.edit')}</Button>
                <ConfirmButton label={t('admin.delete')} question={t('admin.canned.deleteQuestion', { shortcut: canned.shortcut })} onConfirm={remove} />
              </span>
            </div>
            <p class="whitespace-pre-wrap text-sm">{canned.content}</p>
          </>
        )}
      <ErrorMessage error={error.value} />
    </li>
  );
}

export function CannedPage() {
  const search = useSignal('');
  const { data, error, reload } = useLoad(() => api.request(AdminCannedDocument, { search: search.value.trim() || null }));
  const teams = data.value?.teams ?? [];
  return (
    <section aria-labelledby="canned-title" class="mx-auto max-w-5xl space-y-4">
      <h1 id="canned-title" class="text-xl font-semibold">{t('admin.nav.canned')}</h1>
      <div class="rounded-lg border border-line bg-panel p-4">
        <h2 class="mb-3 text-lg font-semibold">{t('admin.canned.new')}</h2>
        {data.value !== null && <CannedForm canned={null} teams={teams} onSaved={() => void reload()} />}
      </div>
      <form role="search" onSubmit={(e) => { e.preventDefault(); void reload(); }} class="flex items-end gap-3">
        <TextField id="canned-search" label={t('admin.search')} value={search.value} onInput={(value) => (search.value = value)} />
        <Button type="submit">{t('admin.search')}</Button>
      </form>
      <ErrorMessage error={error.value} />
      <ul aria-label={t('admin.nav.canned')} class="space-y-2">
        {data.value?.cannedResponses.map((canned) => <CannedItem key={canned.id} canned={canned} teams={teams} onChanged={() => void reload()} />)}
      </ul>
      {data.value?.cannedResponses.length === 0 && <p class="text-muted">{t('admin.empty')}</p>}
    </section>
  );
}
