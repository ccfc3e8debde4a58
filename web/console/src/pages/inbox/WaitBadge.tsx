import type { MessageKey } from '../../i18n';
import { t } from '../../i18n';
import type { Row } from './listState';
import { durationParts, slaLevel, waitOf } from './sla';

export function formatDuration(ms: number): string {
  const parts = durationParts(ms);
  if (parts.unit === 'h' && parts.rest) return t('time.hmin', { n: parts.value, m: parts.rest });
  return t(`time.${parts.unit}` as MessageKey, { n: parts.value });
}

const tone = {
  ok: 'border-line text-muted',
  warning: 'border-amber-600 bg-warn-bg text-warn-fg',
  breached: 'border-danger bg-danger-bg text-danger font-semibold',
};

/** How long the customer has waited, coloured by the SLA. Nothing when nobody waits. */
export function WaitBadge({ row, now }: { row: Row; now: number }) {
  const wait = waitOf(row);
  if (wait === null) return null;
  const waited = now - wait.since;
  const level = slaLevel(row, now);
  const text = t(`inbox.wait.${wait.kind}`, { time: formatDuration(waited) });
  return (
    <span class={`inline-flex items-center rounded border px-1.5 text-xs ${tone[level]}`} title={`${text} · ${t(`inbox.sla.${level}`)}`} data-sla={level}>
      <span class="sr-only">{t(`inbox.sla.${level}`)}: </span>
      {formatDuration(waited)}
    </span>
  );
}
