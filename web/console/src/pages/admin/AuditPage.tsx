import { useSignal } from '@preact/signals';
import { api } from '../../app/auth';
import type { AdminAuditLogQuery, AuditFilter } from '../../gql/graphql';
import { locale, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { auditFilter, type AuditFilterText } from './audit';
import { AuditLogDocument } from './operations';

type Entry = AdminAuditLogQuery['auditLog']['nodes'][number];
const PAGE = 50;

export function AuditPage() {
  const text = useSignal<AuditFilterText>({ action: '', targetType: '', targetId: '', since: '', until: '' });
  const entries = useSignal<Entry[] | null>(null);
  const next = useSignal<string | null>(null);
  const error = useSignal<unknown>(null);
  const applied = useSignal<AuditFilter>({});

  const load = async (filter: AuditFilter, after: string | null) => {
    error.value = null;
    try {
      const page = await api.request(AuditLogDocument, { filter, first: PAGE, after });
      entries.value = after === null ? page.auditLog.nodes : [...(entries.value ?? []), ...page.auditLog.nodes];
      next.value = page.auditLog.pageInfo.hasNextPage ? page.auditLog.pageInfo.endCursor ?? null : null;
      applied.value = filter;
    } catch (failure) {
      error.value = failure;
    }
  };
  if (entries.value === null && error.value === null) void load({}, null);

  const set = (field: keyof AuditFilterText) => (value: string) => (text.value = { ...text.value, [field]: value });
  const when = new Intl.DateTimeFormat(locale.value, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <section aria-labelledby="audit-title" class="mx-auto max-w-6xl space-y-4">
      <h1 id="audit-title" class="text-xl font-semibold">{t('admin.nav.audit')}</h1>
      <form role="search" aria-label={t('admin.audit.filter')} onSubmit={(e) => { e.preventDefault(); void load(auditFilter(text.value), null); }}
        class="grid gap-3 rounded-lg border border-line bg-panel p-4 md:grid-cols-3">
        <TextField id="audit-action" label={t('admin.audit.action')} value={text.value.action} onInput={set('action')} hint={t('admin.audit.actionHint')} />
        <TextField id="audit-target-type" label={t('admin.audit.targetType')} value={text.value.targetType} onInput={set('targetType')} />
        <TextField id="audit-target-id" label={t('admin.audit.targetId')} value={text.value.targetId} onInput={set('targetId')} />
        <TextField id="audit-since" label={t('admin.audit.since')} type="datetime-local" value={text.value.since} onInput={set('since')} />
        <TextField id="audit-until" label={t('admin.audit.until')} type="datetime-local" value={text.value.until} onInput={set('until')} />
        <div class="flex items-end gap-2">
          <Button type="submit" variant="primary">{t('admin.audit.apply')}</Button>
          <Button onClick={() => { text.value = { action: '', targetType: '', targetId: '', since: '', until: '' }; void load({}, null); }}>{t('admin.audit.clear')}</Button>
        </div>
      </form>
      <ErrorMessage error={error.value} />
      {/* Scrolls sideways on tablets: focusable so keyboard users can scroll it too. */}
      <div class="overflow-x-auto rounded-lg border border-line bg-panel focus-visible:outline-2 focus-visible:outline-offset-2" tabIndex={0} role="region" aria-label={t('admin.nav.audit')}>
        <table class="w-full text-left text-sm">
          <caption class="sr-only">{t('admin.nav.audit')}</caption>
          <thead class="border-b border-line text-muted">
            <tr>
              <th scope="col" class="px-3 py-2">{t('admin.audit.at')}</th>
              <th scope="col" class="px-3 py-2">{t('admin.audit.actor')}</th>
              <th scope="col" class="px-3 py-2">{t('admin.audit.action')}</th>
              <th scope="col" class="px-3 py-2">{t('admin.audit.target')}</th>
              <th scope="col" class="px-3 py-2">{t('admin.audit.ip')}</th>
              <th scope="col" class="px-3 py-2">{t('admin.audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.value?.map((entry) => (
              <tr key={entry.id} class="border-b border-line align-top last:border-0">
                <td class="whitespace-nowrap px-3 py-2"><time dateTime={entry.at}>{when.format(new Date(entry.at))}</time></td>
                <td class="px-3 py-2">{entry.actorLabel} <span class="text-muted">({entry.actorKind})</span></td>
                <td class="px-3 py-2 font-mono">{entry.action}</td>
                <td class="break-all px-3 py-2">{entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}` : '—'}</td>
                <td class="px-3 py-2">{entry.ip ?? '—'}</td>
                <td class="px-3 py-2"><code class="break-all text-xs">{JSON.stringify(entry.details)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.value?.length === 0 && <p class="p-3 text-muted">{t('admin.empty')}</p>}
      </div>
      {next.value !== null && <Button onClick={() => void load(applied.value, next.value)}>{t('admin.loadMore')}</Button>}
    </section>
  );
}
