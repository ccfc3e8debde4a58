import { useMemo } from 'preact/hooks';
import type { ChartConfiguration } from 'chart.js';
import { theme } from '../../../app/theme';
import { locale, t } from '../../../i18n';
import { Section } from '../../../ui/Section';
import { Stat } from '../../../ui/Stat';
import { ChartCanvas, themeColours } from '../Chart';
import { type DashboardData, formatDuration, formatScore, timeSeries } from '../shape';

/** Today's first response and resolution times (average and median), and satisfaction. */
export function Times({ data }: { data: DashboardData }) {
  const lang = locale.value;
  const series = useMemo(() => timeSeries(data.firstResponse, data.resolution, lang), [data.firstResponse, data.resolution, lang]);
  const config = useMemo((): ChartConfiguration => {
    const { fg, line } = themeColours();
    const axis = { ticks: { color: fg }, grid: { color: line } };
    return {
      type: 'bar',
      data: {
        labels: series.labels,
        datasets: [
          { label: t('dashboard.times.average'), data: series.averageMinutes, backgroundColor: '#0b8a5f' },
          { label: t('dashboard.times.median'), data: series.medianMinutes, backgroundColor: '#2563eb' },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { x: axis, y: { ...axis, beginAtZero: true } }, plugins: { legend: { labels: { color: fg } } } },
    };
  }, [series, theme.value]);
  const stats = [
    { key: 'firstResponse', label: t('dashboard.times.firstResponse'), value: data.firstResponse },
    { key: 'resolution', label: t('dashboard.times.resolution'), value: data.resolution },
  ] as const;
  return (
    <Section id="times" title={t('dashboard.times.title')}>
      <div class="grid gap-4 lg:grid-cols-2">
        <div class="space-y-3 self-start">
          {stats.map(({ key, label, value }) => (
            <div key={key}>
              <h3 class="text-sm font-medium">{label} <span class="text-xs font-normal text-muted">({t(value.count === 1 ? 'dashboard.times.countOne' : 'dashboard.times.count', { n: value.count })})</span></h3>
              <dl class="mt-1 grid grid-cols-2 gap-2">
                <Stat label={t('dashboard.times.average')} value={formatDuration(value.averageSeconds, lang)} testId={`${key}-average`} />
                <Stat label={t('dashboard.times.median')} value={formatDuration(value.medianSeconds, lang)} testId={`${key}-median`} />
              </dl>
            </div>
          ))}
          <div>
            <h3 class="text-sm font-medium">{t('dashboard.satisfaction.title')}</h3>
            <dl class="mt-1 grid grid-cols-2 gap-2">
              <Stat label={t('dashboard.satisfaction.average')} value={formatScore(data.satisfaction.average, lang)} testId="satisfaction-average" />
              <Stat label={t('dashboard.satisfaction.ratings')} value={data.satisfaction.count} testId="satisfaction-count" />
            </dl>
          </div>
        </div>
        <ChartCanvas config={config} label={t('dashboard.times.chart')} />
      </div>
    </Section>
  );
}
