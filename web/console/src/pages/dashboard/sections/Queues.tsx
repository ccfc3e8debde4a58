import { useMemo } from 'preact/hooks';
import type { ChartConfiguration } from 'chart.js';
import { theme } from '../../../app/theme';
import { locale, t } from '../../../i18n';
import { Section } from '../../../ui/Section';
import { ChartCanvas, themeColours } from '../Chart';
import { type DashboardData, formatDuration, queueSeries } from '../shape';
import { statusColour } from './colours';

/** Who is waiting in each team's queue, and for how long. */
export function Queues({ data }: { data: DashboardData }) {
  const lang = locale.value;
  const series = useMemo(() => queueSeries(data.queues, lang), [data.queues, lang]);
  const config = useMemo((): ChartConfiguration => {
    const { fg, line } = themeColours();
    const axis = { ticks: { color: fg }, grid: { color: line } };
    return {
      type: 'bar',
      data: {
        labels: series.labels,
        datasets: [
          { label: t('dashboard.queues.length'), data: series.lengths, backgroundColor: statusColour.queued, yAxisID: 'y' },
          { label: t('dashboard.queues.longestMinutes'), data: series.longestWaitMinutes, backgroundColor: '#dc2626', yAxisID: 'minutes' },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: axis, y: { ...axis, beginAtZero: true, ticks: { color: fg, precision: 0 } }, minutes: { ...axis, beginAtZero: true, position: 'right', grid: { display: false } } },
        plugins: { legend: { labels: { color: fg } } },
      },
    };
  }, [series, theme.value]);
  return (
    <Section id="queues" title={t('dashboard.queues.title')}>
      {data.queues.length === 0 ? (
        <p class="text-sm text-muted">{t('dashboard.queues.empty')}</p>
      ) : (
        <div class="grid gap-4 lg:grid-cols-2">
          <table class="w-full self-start text-sm">
            <thead>
              <tr class="text-left text-muted">
                <th scope="col" class="py-1 font-medium">{t('dashboard.team')}</th>
                <th scope="col" class="py-1 text-right font-medium">{t('dashboard.queues.length')}</th>
                <th scope="col" class="py-1 text-right font-medium">{t('dashboard.queues.longest')}</th>
                <th scope="col" class="py-1 text-right font-medium">{t('dashboard.queues.average')}</th>
              </tr>
            </thead>
            <tbody>
              {series.rows.map((queue, index) => (
                <tr key={queue.team?.id ?? 'none'} class="border-t border-line" data-queue={queue.team?.id ?? 'none'}>
                  <th scope="row" class="py-1 text-left font-normal">{series.labels[index]}</th>
                  <td class="py-1 text-right tabular-nums">{queue.length}</td>
                  <td class="py-1 text-right tabular-nums">{formatDuration(queue.longestWaitSeconds, lang)}</td>
                  <td class="py-1 text-right tabular-nums">{formatDuration(queue.averageWaitSeconds, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ChartCanvas config={config} label={t('dashboard.queues.chart')} />
        </div>
      )}
    </Section>
  );
}
