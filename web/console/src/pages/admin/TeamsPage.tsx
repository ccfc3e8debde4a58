import { useSignal } from '@preact/signals';
import { api } from '../../app/auth';
import type { AdminTeamsQuery } from '../../gql/graphql';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { type FieldErrors, hasErrors, required, splitError, validate } from './form';
import { AddTeamMemberDocument, AdminTeamsDocument, CreateTeamDocument, DeleteTeamDocument, RemoveTeamMemberDocument, UpdateTeamDocument } from './operations';
import { useLoad } from './useLoad';

type TeamRow = AdminTeamsQuery['teams'][number];
type Person = AdminTeamsQuery['users']['nodes'][number];

/** Name and description, for a new team or renaming one. */
function TeamForm({ idPrefix, initial, submitLabel, onSave, onCancel }: {
  idPrefix: string;
  initial: { name: string; description: string };
  submitLabel: string;
  onSave: (values: { name: string; description: string }) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const values = useSignal(initial);
  const errors = useSignal<FieldErrors>({});
  const general = useSignal<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    general.value = null;
    errors.value = validate(values.value, { name: [required] });
    if (hasErrors(errors.value)) return;
    try {
      await onSave({ name: values.value.name.trim(), description: values.value.description.trim() });
      values.value = initial;
    } catch (failure) {
      const split = splitError(failure, ['name', 'description']);
      errors.value = split.fields;
      general.value = split.general;
    }
  };
  return (
    <form onSubmit={submit} noValidate class="grid gap-3 md:grid-cols-2">
      <TextField id={`${idPrefix}-name`} label={t('admin.teams.name')} value={values.value.name} required error={errors.value.name}
        onInput={(name) => (values.value = { ...values.value, name })} />
      <TextField id={`${idPrefix}-description`} label={t('admin.teams.description')} value={values.value.description} error={errors.value.description}
        onInput={(description) => (values.value = { ...values.value, description })} />
      <div class="md:col-span-2"><ErrorMessage error={general.value} /></div>
      <div class="flex gap-2 md:col-span-2">
        <Button type="submit" variant="primary">{submitLabel}</Button>
        {onCancel && <Button onClick={onCancel}>{t('admin.cancel')}</Button>}
      </div>
    </form>
  );
}

function TeamItem({ team, people, onChanged }: { team: TeamRow; people: readonly Person[]; onChanged: () => void }) {
  const editing = useSignal(false);
  const error = useSignal<unknown>(null);
  const pick = useSignal('');
  const run = async (action: () => Promise<unknown>) => {
    error.value = null;
    try {
      await action();
      onChanged();
    } catch (failure) {
      error.value = failure;
    }
  };
  const outside = people.filter((person) => !team.members.some((member) => member.id === person.id));
  return (
    <li data-testid={`team-${team.name}`} class="space-y-3 rounded-lg border border-line bg-panel p-4">
      {editing.value
        ? <TeamForm idPrefix={`team-${team.id}`} initial={{ name: team.name, description: team.description }} submitLabel={t('admin.save')}
            onCancel={() => (editing.value = false)}
            onSave={async (input) => { await api.request(UpdateTeamDocument, { id: team.id, input }); editing.value = false; onChanged(); }} />
        : (
          <div class="flex flex-wrap items-center gap-3">
            <h2 class="text-lg font-semibold">{team.name}</h2>
            {team.description && <p class="text-sm text-muted">{team.description}</p>}
            <span class="ml-auto flex gap-2">
              <Button onClick={() => (editing.value = true)}>{t('admin.teams.rename')}</Button>
              <ConfirmButton label={t('admin.delete')} question={t('admin.teams.deleteQuestion', { name: team.name })}
                onConfirm={() => run(() => api.request(DeleteTeamDocument, { id: team.id }))} />
            </span>
          </div>
        )}
      <div>
        <h3 class="text-sm font-medium">{t('admin.teams.members', { count: team.members.length })}</h3>
        <ul class="mt-1 flex flex-wrap gap-2">
          {team.members.map((member) => (
            <li key={member.id} class="inline-flex items-center gap-1 rounded-full border border-line px-2 text-sm">
              {member.name} <span class="text-muted">@{member.username}</span>
              <button type="button" aria-label={t('admin.teams.removeMember', { name: member.name })} title={t('admin.teams.removeMember', { name: member.name })}
                onClick={() => void run(() => api.request(RemoveTeamMemberDocument, { teamId: team.id, userId: member.id }))} class="px-1 text-muted hover:text-danger">×</button>
            </li>
          ))}
        </ul>
        {outside.length > 0 && (
          <div class="mt-2 flex items-center gap-2">
            <select aria-label={t('admin.teams.addMember')} value={pick.value} onChange={(e) => (pick.value = e.currentTarget.value)}
              class="rounded-md border border-line bg-surface px-2 py-1 text-sm">
              <option value="">{t('admin.teams.choosePerson')}</option>
              {outside.map((person) => <option key={person.id} value={person.id}>{person.name} (@{person.username})</option>)}
            </select>
            <Button disabled={pick.value === ''} onClick={() => void run(async () => { await api.request(AddTeamMemberDocument, { teamId: team.id, userId: pick.value }); pick.value = ''; })}>
              {t('admin.teams.addMember')}
            </Button>
          </div>
        )}
      </div>
      <ErrorMessage error={error.value} />
    </li>
  );
}

export function TeamsPage() {
  const { data, error, reload } = useLoad(() => api.request(AdminTeamsDocument));
  return (
    <section aria-labelledby="teams-title" class="mx-auto max-w-5xl space-y-4">
      <h1 id="teams-title" class="text-xl font-semibold">{t('admin.nav.teams')}</h1>
      <div class="rounded-lg border border-line bg-panel p-4">
        <h2 class="mb-3 text-lg font-semibold">{t('admin.teams.new')}</h2>
        <TeamForm idPrefix="new-team" initial={{ name: '', description: '' }} submitLabel={t('admin.teams.create')}
          onSave={async (input) => { await api.request(CreateTeamDocument, { input }); void reload(); }} />
      </div>
      <ErrorMessage error={error.value} />
      <ul aria-label={t('admin.nav.teams')} class="space-y-3">
        {data.value?.teams.map((team) => <TeamItem key={team.id} team={team} people={data.value?.users.nodes ?? []} onChanged={() => void reload()} />)}
      </ul>
      {data.value?.teams.length === 0 && <p class="text-muted">{t('admin.empty')}</p>}
    </section>
  );
}
