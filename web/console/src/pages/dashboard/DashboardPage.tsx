/**
 * The supervisor dashboard: today at a glance for the supervisor's teams (or, for an admin,
 * everything or one team), live. Loaded with its route, Chart.js included.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { api, me } from '../../app/auth';
import { locale, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { DashboardTeamsDocument } from './operations';
import { sections } from './sections';
import { describeSince } from './shape';
import { createDashboardStore } from './store';

interface TeamChoice {
  id: string;
  name: string;
}

export default function DashboardPage() {
  const user = me.value;
  const store = useMemo(() => createDashboardStore(), []);
  const teams = useSignal<TeamChoice[]>([]);

  useEffect(() => store.connect(), [store]);
  useEffect(() => {
    if (user === null) return;
    // Admins may look at any team; a supervisor at one of their own.
    if (user.role === 'ADMIN') {
      void api.request(DashboardTeamsDocument).then(({ teams: all }) => (teams.value = all), () => undefined);
    } else {
      teams.value = user.teams;
    }
  }, [user?.id, user?.role]);

  if (user === null) return null;
  const data = store.data.value;
  const lang = locale.value;
  const showFilter = user.role === 'ADMIN' ? teams.value.length > 0 : teams.value.length > 1;

  return (
    <div class="mx-auto w-full max-w-7xl space-y-4 p-4">
      <div class="flex flex-wrap items-end gap-x-4 gap-y-2">
        <div class="mr-auto">
          <h1 class="text-xl font-semibold">{t('dashboard.title')}</h1>
          {data !== null && (
            <p class="text-sm text-muted" data-testid="dashboard-since">
              {describeSince(data.since, data.timezone, lang)} · {t('dashboard.updated', { time: new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }).format(new Date(data.generatedAt)) })}
            </p>
          )}
        </div>
        {showFilter && (
          <label class="flex items-center gap-2 text-sm">
            {t('dashboard.team')}
            <select aria-label={t('dashboard.team')} value={store.teamId.value ?? ''} onChange={(event) => store.setTeam(event.currentTarget.value || null)}
              class="rounded-md border border-line bg-panel px-2 py-1 text-sm">
              <option value="">{t('dashboard.allTeams')}</option>
              {teams.value.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
            </select>
          </label>
        )}
        <Button onClick={() => store.reload()}>{t('dashboard.refresh')}</Button>
      </div>
      <ErrorMessage error={store.error.value} />
      {data === null ? (
        store.error.value === null && <p class="text-muted">{t('page.loading')}</p>
      ) : (
        <div class="grid gap-4 lg:grid-cols-2">
          {sections.filter((section) => section.roles.includes(user.role)).map((section) => (
            <div key={section.id} class={section.wide === true ? 'lg:col-span-2' : ''}>
              <section.component data={data} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
