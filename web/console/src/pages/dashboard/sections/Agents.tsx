import { useMemo } from 'preact/hooks';
import type { ChartConfiguration } from 'chart.js';
import { theme } from '../../../app/theme';
import { locale, t } from '../../../i18n';
import { Section } from '../../../ui/Section';
import { Stat } from '../../../ui/Stat';
import { ChartCanvas, themeColours } from '../Chart';
import { agentSeries, type DashboardData, presenceCounts } from '../shape';
import { presenceColour } from './colours';

const clock = (iso: string, lang: string) => new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** Who is online, away or offline, and how many conversations each one holds. */
export function Agents({ data }: { data: DashboardData }) {
  const lang = locale.value;
  const counts = presenceCounts(data.agents);
  const series = useMemo(() => agentSeries(data.agents), [data.agents]);
  const config = useMemo((): ChartConfiguration => {
    const { fg, line } = themeColours();
    return {
      type: 'bar',
      data: {
        labels: series.labels,
        datasets: [{ label: t('dashboard.agents.load'), data: series.values, backgroundColor: series.presences.map((presence) => presenceColour[presence]) }],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { beginAtZero: true, ticks: { color: fg, precision: 0 }, grid: { color: line } }, y: { ticks: { color: fg }, grid: { display: false } } },
        plugins: { legend: { display: false } },
      },
    };
  }, [series, lang, theme.value]);
  return (
    <Section id="agents" title={t('dashboard.agents.title')}>
      <dl class="mb-3 grid grid-cols-3 gap-2">
        <Stat label={t('presence.ONLINE')} value={counts.ONLINE} testId="agents-online" />
        <Stat label={t('presence.AWAY')} value={counts.AWAY} testId="agents-away" />
        <Stat label={t('presence.OFFLINE')} value={counts.OFFLINE} testId="agents-offline" />
      </dl>
      {data.agents.length === 0 ? (
        <p class="text-sm text-muted">{t('dashboard.agents.empty')}</p>
      ) : (
        <div class="grid gap-4 lg:grid-cols-2">
          <table class="w-full self-start text-sm">
            <thead>
              <tr class="text-left text-muted">
                <th scope="col" class="py-1 font-medium">{t('dashboard.agents.name')}</th>
                <th scope="col" class="py-1 font-medium">{t('dashboard.agents.presence')}</th>
                <th scope="col" class="py-1 text-right font-medium">{t('dashboard.agents.load')}</th>
              </tr>
            </thead>
            <tbody>
              {data.agents.map((agent) => (
                <tr key={agent.user.id} class="border-t border-line" data-agent={agent.user.id} data-presence={agent.presence}>
                  <th scope="row" class="py-1 text-left font-normal">{agent.user.name}</th>
                  <td class="py-1">
                    <span class="inline-flex items-center gap-1.5">
                      <span aria-hidden="true" class="h-2.5 w-2.5 shrink-0 rounded-full" style={{ backgroundColor: presenceColour[agent.presence] }} />
                      {t(`presence.${agent.presence}`)}
                      {agent.presenceSince !== null && <span class="text-xs text-muted">{t('dashboard.agents.since', { time: clock(agent.presenceSince, lang) })}</span>}
                    </span>
                  </td>
                  <td class="py-1 text-right tabular-nums">{agent.activeConversations}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ChartCanvas config={config} label={t('dashboard.agents.chart')} height={Math.max(120, 28 * data.agents.length + 40)} />
        </div>
      )}
    </Section>
  );
}
