import { useSignal } from '@preact/signals';
import { api } from '../../app/auth';
import type { AdminUsersQuery, Role, UserStatus } from '../../gql/graphql';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { email, type FieldErrors, generatePassword, hasErrors, password, required, splitError, username, validate } from './form';
import { AddTeamMemberDocument, AdminUsersDocument, CreateUserDocument, RemoveTeamMemberDocument, UpdateUserDocument } from './operations';
import { useLoad } from './useLoad';

type UserRow = AdminUsersQuery['users']['nodes'][number];
type TeamRef = AdminUsersQuery['teams'][number];
const ROLES: readonly Role[] = ['AGENT', 'SUPERVISOR', 'ADMIN'];

/** Shown once after a user was created or their password reset: it is not stored readable anywhere. */
function OneTimePassword({ who, secret }: { who: string; secret: string }) {
  return (
    <div role="status" class="space-y-2 rounded-md border border-accent bg-panel p-3 text-sm">
      <p>{t('admin.users.passwordOnce', { name: who })}</p>
      <p class="flex flex-wrap items-center gap-2"><code data-testid="one-time-password" class="rounded bg-surface px-2 py-1 font-mono">{secret}</code><CopyButton text={secret} /></p>
    </div>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (who: string, secret: string) => void }) {
  const values = useSignal({ name: '', email: '', username: '', password: generatePassword(), role: 'AGENT' as Role });
  const errors = useSignal<FieldErrors>({});
  const general = useSignal<unknown>(null);
  const busy = useSignal(false);
  const set = (field: keyof typeof values.value) => (value: string) => (values.value = { ...values.value, [field]: value });

  const submit = async (event: Event) => {
    event.preventDefault();
    general.value = null;
    errors.value = validate(values.value, { name: [required], email: [required, email], username: [required, username], password: [password] });
    if (hasErrors(errors.value)) return;
    busy.value = true;
    try {
      const { name, email: mail, username: login, password: secret, role } = values.value;
      await api.request(CreateUserDocument, { input: { name: name.trim(), email: mail.trim(), username: login.trim(), password: secret, role } });
      onCreated(login.trim().toLowerCase(), secret);
      values.value = { name: '', email: '', username: '', password: generatePassword(), role: 'AGENT' };
    } catch (failure) {
      const split = splitError(failure, ['name', 'email', 'username', 'password', 'role']);
      errors.value = split.fields;
      general.value = split.general;
    } finally {
      busy.value = false;
    }
  };

  const e = errors.value;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-user-title" class="grid gap-3 rounded-lg border border-line bg-panel p-4 md:grid-cols-2">
      <h2 id="new-user-title" class="text-lg font-semibold md:col-span-2">{t('admin.users.new')}</h2>
      <TextField id="user-name" label={t('admin.users.name')} value={values.value.name} onInput={set('name')} error={e.name} required />
      <TextField id="user-email" label={t('admin.users.email')} type="email" value={values.value.email} onInput={set('email')} error={e.email} required />
      <TextField id="user-username" label={t('admin.users.username')} value={values.value.username} onInput={set('username')} error={e.username} required autoComplete="off"
        hint={t('admin.users.usernameHint')} />
      <SelectField id="user-role" label={t('admin.users.role')} value={values.value.role} onChange={set('role')} error={e.role}
        options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
      <div class="flex items-end gap-2 md:col-span-2">
        <div class="flex-1">
          <TextField id="user-password" label={t('admin.users.initialPassword')} value={values.value.password} onInput={set('password')} error={e.password}
            autoComplete="new-password" hint={t('admin.users.passwordHint')} />
        </div>
        <Button class="mb-6" onClick={() => set('password')(generatePassword())}>{t('admin.users.generate')}</Button>
      </div>
      <div class="md:col-span-2"><ErrorMessage error={general.value} /></div>
      <div class="md:col-span-2"><Button type="submit" variant="primary" disabled={busy.value}>{t('admin.users.create')}</Button></div>
    </form>
  );
}

function ResetPassword({ user, onDone }: { user: UserRow; onDone: (who: string, secret: string) => void }) {
  const open = useSignal(false);
  const secret = useSignal('');
  const error = useSignal<FieldErrors>({});
  const general = useSignal<unknown>(null);
  if (!open.value) {
    return <Button onClick={() => { secret.value = generatePassword(); open.value = true; }}>{t('admin.users.resetPassword')}</Button>;
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    error.value = validate({ password: secret.value }, { password: [password] });
    if (hasErrors(error.value)) return;
    try {
      await api.request(UpdateUserDocument, { id: user.id, input: { password: secret.value } });
      open.value = false;
      onDone(user.username, secret.value);
    } catch (failure) {
      const split = splitError(failure, ['password']);
      error.value = split.fields;
      general.value = split.general;
    }
  };
  return (
    <form onSubmit={submit} noValidate class="flex flex-wrap items-end gap-2">
      <TextField id={`reset-${user.id}`} label={t('admin.users.newPassword', { name: user.username })} value={secret.value}
        onInput={(value) => (secret.value = value)} error={error.value.password} autoComplete="new-password" />
      <Button type="submit" variant="primary">{t('admin.save')}</Button>
      <Button onClick={() => (open.value = false)}>{t('admin.cancel')}</Button>
      <ErrorMessage error={general.value} />
    </form>
  );
}

function UserItem({ user, teams, onChanged, onPassword }: { user: UserRow; teams: readonly TeamRef[]; onChanged: () => void; onPassword: (who: string, secret: string) => void }) {
  const error = useSignal<unknown>(null);
  const addTeam = useSignal('');
  const run = async (action: () => Promise<unknown>) => {
    error.value = null;
    try {
      await action();
      onChanged();
    } catch (failure) {
      error.value = failure;
    }
  };
  const setStatus = (status: UserStatus) => run(() => api.request(UpdateUserDocument, { id: user.id, input: { status } }));
  const others = teams.filter((team) => !user.teams.some((mine) => mine.id === team.id));
  const inactive = user.status === 'INACTIVE';
  return (
    <li data-testid={`user-${user.username}`} class={`space-y-2 rounded-lg border border-line bg-panel p-3 ${inactive ? 'opacity-70' : ''}`}>
      <div class="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span class="font-semibold">{user.name}</span>
        <span class="text-sm text-muted">@{user.username} · {user.email}</span>
        <span class={`rounded px-2 text-xs font-medium ${inactive ? 'bg-warn-bg text-warn-fg' : 'bg-surface'}`}>{t(`admin.users.status.${user.status}`)}</span>
      </div>
      <div class="flex flex-wrap items-center gap-3">
        <label class="flex items-center gap-2 text-sm">
          {t('admin.users.role')}
          <select value={user.role} onChange={(e) => void run(() => api.request(UpdateUserDocument, { id: user.id, input: { role: e.currentTarget.value as Role } }))}
            class="rounded-md border border-line bg-surface px-2 py-1">
            {ROLES.map((role) => <option key={role} value={role}>{t(`role.${role}`)}</option>)}
          </select>
        </label>
        {inactive
          ? <Button onClick={() => void setStatus('ACTIVE')}>{t('admin.users.reactivate')}</Button>
          : <ConfirmButton label={t('admin.users.deactivate')} question={t('admin.users.deactivateQuestion', { name: user.name })} onConfirm={() => setStatus('INACTIVE')} />}
        <ResetPassword user={user} onDone={onPassword} />
      </div>
      <div class="flex flex-wrap items-center gap-2 text-sm">
        <span class="text-muted">{t('admin.users.teams')}:</span>
        {user.teams.length === 0 && <span class="text-muted">{t('admin.users.noTeams')}</span>}
        {user.teams.map((team) => (
          <span key={team.id} class="inline-flex items-center gap-1 rounded-full border border-line px-2">
            {team.name}
            <button type="button" aria-label={t('admin.users.removeFromTeam', { team: team.name })} title={t('admin.users.removeFromTeam', { team: team.name })}
              onClick={() => void run(() => api.request(RemoveTeamMemberDocument, { teamId: team.id, userId: user.id }))} class="px-1 text-muted hover:text-danger">×</button>
          </span>
        ))}
        {others.length > 0 && (
          <span class="inline-flex items-center gap-1">
            <select aria-label={t('admin.users.addToTeam')} value={addTeam.value} onChange={(e) => (addTeam.value = e.currentTarget.value)}
              class="rounded-md border border-line bg-surface px-2 py-1">
              <option value="">{t('admin.users.chooseTeam')}</option>
              {others.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
            </select>
            <Button disabled={addTeam.value === ''} onClick={() => void run(() => api.request(AddTeamMemberDocument, { teamId: addTeam.value, userId: user.id }))}>
              {t('admin.users.addToTeam')}
            </Button>
          </span>
        )}
      </div>
      <ErrorMessage error={error.value} />
    </li>
  );
}

export function UsersPage() {
  const search = useSignal('');
  const role = useSignal('');
  const status = useSignal('');
  const extra = useSignal<UserRow[]>([]);
  const shown = useSignal<{ who: string; secret: string } | null>(null);
  const filter = () => ({ search: search.value.trim() || null, role: (role.value || null) as Role | null, status: (status.value || null) as UserStatus | null });
  const { data, error, reload } = useLoad(async () => {
    extra.value = [];
    return api.request(AdminUsersDocument, { filter: filter(), first: 50 });
  }, [role.value, status.value]);
  const more = useSignal<{ hasNextPage: boolean; endCursor?: string | null } | null>(null);
  const page = more.value ?? data.value?.users.pageInfo ?? null;

  const loadMore = async () => {
    if (!page?.endCursor) return;
    try {
      const next = await api.request(AdminUsersDocument, { filter: filter(), first: 50, after: page.endCursor });
      extra.value = [...extra.value, ...next.users.nodes];
      more.value = next.users.pageInfo;
    } catch (failure) {
      error.value = failure;
    }
  };
  const refresh = () => { more.value = null; void reload(); };
  const announce = (who: string, secret: string) => { shown.value = { who, secret }; refresh(); };
  const users = [...(data.value?.users.nodes ?? []), ...extra.value];

  return (
    <section aria-labelledby="users-title" class="mx-auto max-w-5xl space-y-4">
      <h1 id="users-title" class="text-xl font-semibold">{t('admin.nav.users')}</h1>
      {shown.value !== null && <OneTimePassword who={shown.value.who} secret={shown.value.secret} />}
      <CreateUserForm onCreated={announce} />
      <form role="search" onSubmit={(e) => { e.preventDefault(); refresh(); }} class="flex flex-wrap items-end gap-3">
        <TextField id="users-search" label={t('admin.search')} value={search.value} onInput={(value) => (search.value = value)} />
        <SelectField id="users-role" label={t('admin.users.role')} value={role.value} onChange={(value) => { role.value = value; more.value = null; }}
          options={[{ value: '', label: t('admin.any') }, ...ROLES.map((value) => ({ value, label: t(`role.${value}`) }))]} />
        <SelectField id="users-status" label={t('admin.users.statusLabel')} value={status.value} onChange={(value) => { status.value = value; more.value = null; }}
          options={[{ value: '', label: t('admin.any') }, { value: 'ACTIVE', label: t('admin.users.status.ACTIVE') }, { value: 'INACTIVE', label: t('admin.users.status.INACTIVE') }]} />
        <Button type="submit">{t('admin.search')}</Button>
      </form>
      <ErrorMessage error={error.value} />
      <ul aria-label={t('admin.nav.users')} class="space-y-2">
        {users.map((user) => <UserItem key={user.id} user={user} teams={data.value?.teams ?? []} onChanged={refresh} onPassword={announce} />)}
      </ul>
      {data.value !== null && users.length === 0 && <p class="text-muted">{t('admin.empty')}</p>}
      {page?.hasNextPage && <Button onClick={() => void loadMore()}>{t('admin.loadMore')}</Button>}
    </section>
  );
}
