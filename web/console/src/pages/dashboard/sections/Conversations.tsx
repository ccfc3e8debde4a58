import { useMemo } from 'preact/hooks';
import type { ChartConfiguration } from 'chart.js';
import { theme } from '../../../app/theme';
import { locale, t } from '../../../i18n';
import { Section } from '../../../ui/Section';
import { Stat } from '../../../ui/Stat';
import { ChartCanvas, themeColours } from '../Chart';
import { type DashboardData, STATUSES, statusSeries } from '../shape';
import { statusColour } from './colours';

/** Conversations in each status now, and how many came and were resolved today. */
export function Conversations({ data }: { data: DashboardData }) {
  const lang = locale.value;
  const series = useMemo(() => statusSeries(data.counts, lang), [data.counts, lang]);
  const config = useMemo((): ChartConfiguration => {
    const { fg } = themeColours();
    return {
      type: 'doughnut',
      data: { labels: series.labels, datasets: [{ data: series.values, backgroundColor: STATUSES.map((status) => statusColour[status]), borderWidth: 0 }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'right', labels: { color: fg } } } },
    };
  }, [series, theme.value]);
  return (
    <Section id="conversations" title={t('dashboard.conversations.title')}>
      <div class="grid gap-4 lg:grid-cols-2">
        <dl class="grid grid-cols-2 content-start gap-2 sm:grid-cols-3">
          <Stat label={t('inbox.status.QUEUED')} value={data.counts.queued} testId="count-queued" />
          <Stat label={t('inbox.status.OPEN')} value={data.counts.open} testId="count-open" />
          <Stat label={t('inbox.status.PENDING')} value={data.counts.pending} testId="count-pending" />
          <Stat label={t('inbox.status.BOT')} value={data.counts.bot} testId="count-bot" />
          <Stat label={t('dashboard.createdToday')} value={data.createdToday} testId="created-today" />
          <Stat label={t('dashboard.resolvedToday')} value={data.resolvedToday} testId="resolved-today" />
        </dl>
        <ChartCanvas config={config} label={t('dashboard.byStatus')} />
      </div>
    </Section>
  );
}
