import { useSignal } from '@preact/signals';
import { api } from '../../app/auth';
import type { AdminInboxFieldsFragment, AdminInboxesQuery, InboxKind, PluginKind, WidgetPosition } from '../../gql/graphql';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ChannelIcon } from '../../ui/ChannelIcon';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { color, type FieldErrors, hasErrors, required, splitError, url, validate } from './form';
import { AdminInboxesDocument, CreateInboxDocument, RotateWebhookSecretDocument, RotateWidgetSecretDocument, UpdateInboxDocument } from './operations';
import { useLoad } from './useLoad';

type Inbox = AdminInboxFieldsFragment;
type PluginRef = AdminInboxesQuery['plugins'][number];
type TeamRef = AdminInboxesQuery['teams'][number];
const KINDS: readonly InboxKind[] = ['WEB', 'WHATSAPP', 'API'];

interface Values {
  name: string;
  kind: InboxKind;
  teamId: string;
  webhookUrl: string;
  pluginId: string;
  botPluginId: string;
  routerPluginId: string;
  color: string;
  position: WidgetPosition;
  allowedOrigins: string;
  csatEnabled: boolean;
}

const valuesOf = (inbox: Inbox | null): Values => ({
  name: inbox?.name ?? '',
  kind: inbox?.kind ?? 'WEB',
  teamId: inbox?.team?.id ?? '',
  webhookUrl: inbox?.webhookUrl ?? '',
  pluginId: inbox?.pluginId ?? '',
  botPluginId: inbox?.botPluginId ?? '',
  routerPluginId: inbox?.routerPluginId ?? '',
  color: inbox?.widget?.color ?? '#0b6e4f',
  position: inbox?.widget?.position ?? 'RIGHT',
  allowedOrigins: inbox?.widget?.allowedOrigins.join('\n') ?? '',
  csatEnabled: inbox?.widget?.csatEnabled ?? true,
});

const FIELDS = ['name', 'kind', 'teamId', 'webhookUrl', 'pluginId', 'botPluginId', 'routerPluginId', 'widget.color', 'widget.allowedOrigins'];

/** Creating (`inbox` null) or editing an inbox; the kind never changes once created. */
function InboxForm({ inbox, teams, plugins, onSaved, onCancel }: { inbox: Inbox | null; teams: readonly TeamRef[]; plugins: readonly PluginRef[]; onSaved: () => void; onCancel?: () => void }) {
  const values = useSignal<Values>(valuesOf(inbox));
  const errors = useSignal<FieldErrors>({});
  const general = useSignal<unknown>(null);
  const busy = useSignal(false);
  const v = values.value;
  const set = <K extends keyof Values>(field: K) => (value: Values[K]) => (values.value = { ...values.value, [field]: value });
  const prefix = inbox === null ? 'new-inbox' : `inbox-${inbox.id}`;
  const choices = (kind: PluginKind, current: string) => [
    { value: '', label: t('admin.none') },
    ...plugins.filter((plugin) => plugin.kind === kind && (plugin.enabled || plugin.id === current)).map((plugin) => ({ value: plugin.id, label: `${plugin.name} (${plugin.id})` })),
  ];

  const submit = async (event: Event) => {
    event.preventDefault();
    general.value = null;
    const found = validate({ name: v.name, webhookUrl: v.webhookUrl, 'widget.color': v.color, pluginId: v.pluginId }, {
      name: [required],
      webhookUrl: [url],
      ...(v.kind === 'WEB' ? { 'widget.color': [color] } : {}),
      ...(v.kind === 'WHATSAPP' ? { pluginId: [required] } : {}),
    });
    errors.value = found;
    if (hasErrors(found)) return;
    const widget = v.kind === 'WEB'
      ? { color: v.color.trim(), position: v.position, csatEnabled: v.csatEnabled, allowedOrigins: v.allowedOrigins.split('\n').map((line) => line.trim()).filter(Boolean) }
      : undefined;
    const common = {
      name: v.name.trim(),
      teamId: v.teamId || null,
      botPluginId: v.botPluginId || null,
      routerPluginId: v.routerPluginId || null,
      ...(v.kind === 'API' ? { webhookUrl: v.webhookUrl.trim() } : {}),
      ...(v.kind === 'WHATSAPP' ? { pluginId: v.pluginId || null } : {}),
      ...(widget ? { widget } : {}),
    };
    busy.value = true;
    try {
      if (inbox === null) await api.request(CreateInboxDocument, { input: { ...common, kind: v.kind, webhookUrl: v.kind === 'API' && v.webhookUrl.trim() ? v.webhookUrl.trim() : null } });
      else await api.request(UpdateInboxDocument, { id: inbox.id, input: common });
      if (inbox === null) values.value = valuesOf(null);
      onSaved();
    } catch (failure) {
      const split = splitError(failure, FIELDS);
      errors.value = split.fields;
      general.value = split.general;
    } finally {
      busy.value = false;
    }
  };

  const e = errors.value;
  return (
    <form onSubmit={submit} noValidate class="grid gap-3 md:grid-cols-2">
      <TextField id={`${prefix}-name`} label={t('admin.inboxes.name')} value={v.name} onInput={set('name')} error={e.name} required />
      {inbox === null && (
        <SelectField id={`${prefix}-kind`} label={t('admin.inboxes.kind')} value={v.kind} onChange={(kind) => set('kind')(kind as InboxKind)} error={e.kind}
          options={KINDS.map((kind) => ({ value: kind, label: t(`inbox.channel.${kind}`) }))} />
      )}
      <SelectField id={`${prefix}-team`} label={t('admin.inboxes.team')} value={v.teamId} onChange={set('teamId')} error={e.teamId}
        options={[{ value: '', label: t('admin.none') }, ...teams.map((team) => ({ value: team.id, label: team.name }))]} />
      {v.kind === 'API' && (
        <TextField id={`${prefix}-webhook`} label={t('admin.inboxes.webhookUrl')} type="url" value={v.webhookUrl} onInput={set('webhookUrl')} error={e.webhookUrl}
          hint={t('admin.inboxes.webhookUrlHint')} />
      )}
      {v.kind === 'WHATSAPP' && (
        <SelectField id={`${prefix}-plugin`} label={t('admin.inboxes.channelPlugin')} value={v.pluginId} onChange={set('pluginId')} error={e.pluginId}
          options={choices('CHANNEL', v.pluginId)} />
      )}
      <SelectField id={`${prefix}-bot`} label={t('admin.inboxes.bot')} value={v.botPluginId} onChange={set('botPluginId')} error={e.botPluginId} options={choices('BOT', v.botPluginId)} />
      <SelectField id={`${prefix}-router`} label={t('admin.inboxes.router')} value={v.routerPluginId} onChange={set('routerPluginId')} error={e.routerPluginId} options={choices('ROUTER', v.routerPluginId)} />
      {v.kind === 'WEB' && (
        <fieldset class="grid gap-3 rounded-md border border-line p-3 md:col-span-2 md:grid-cols-2">
          <legend class="px-1 text-sm font-medium">{t('admin.inboxes.widget')}</legend>
          <TextField id={`${prefix}-color`} label={t('admin.inboxes.color')} value={v.color} onInput={set('color')} error={e['widget.color']} hint="#rrggbb" />
          <SelectField id={`${prefix}-position`} label={t('admin.inboxes.position')} value={v.position} onChange={(position) => set('position')(position as WidgetPosition)}
            options={[{ value: 'RIGHT', label: t('admin.inboxes.right') }, { value: 'LEFT', label: t('admin.inboxes.left') }]} />
          <TextField id={`${prefix}-origins`} label={t('admin.inboxes.origins')} multiline rows={2} value={v.allowedOrigins} onInput={set('allowedOrigins')}
            error={e['widget.allowedOrigins']} hint={t('admin.inboxes.originsHint')} />
          <label class="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={v.csatEnabled} onChange={(ev) => set('csatEnabled')(ev.currentTarget.checked)} />
            {t('admin.inboxes.csat')}
          </label>
        </fieldset>
      )}
      <div class="md:col-span-2"><ErrorMessage error={general.value} /></div>
      <div class="flex gap-2 md:col-span-2">
        <Button type="submit" variant="primary" disabled={busy.value}>{inbox === null ? t('admin.inboxes.create') : t('admin.save')}</Button>
        {onCancel && <Button onClick={onCancel}>{t('admin.cancel')}</Button>}
      </div>
    </form>
  );
}

/** A value the admin copies elsewhere (a snippet, a URL, a secret), with its copy button. */
function Copyable({ label, value, testId, block = false }: { label: string; value: string; testId?: string; block?: boolean }) {
  return (
    <div class="space-y-1">
      <p class="text-sm font-medium">{label}</p>
      <div class="flex flex-wrap items-start gap-2">
        {block
          ? <pre data-testid={testId} class="max-w-full flex-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-surface p-2 text-xs">{value}</pre>
          : <code data-testid={testId} class="break-all rounded bg-surface px-2 py-1 text-xs">{value}</code>}
        <CopyButton text={value} label={t('admin.copyThing', { thing: label })} />
      </div>
    </div>
  );
}

function InboxItem({ inbox, teams, plugins, onChanged }: { inbox: Inbox; teams: readonly TeamRef[]; plugins: readonly PluginRef[]; onChanged: () => void }) {
  const editing = useSignal(false);
  const error = useSignal<unknown>(null);
  const run = async (action: () => Promise<unknown>) => {
    error.value = null;
    try {
      await action();
      onChanged();
    } catch (failure) {
      error.value = failure;
    }
  };
  return (
    <li data-testid={`inbox-${inbox.name}`} class="space-y-3 rounded-lg border border-line bg-panel p-4">
      <div class="flex flex-wrap items-center gap-3">
        <ChannelIcon kind={inbox.kind} />
        <h2 class="text-lg font-semibold">{inbox.name}</h2>
        <span class="text-sm text-muted">{t(`inbox.channel.${inbox.kind}`)} · {inbox.team?.name ?? t('admin.inboxes.noTeam')}</span>
        {!editing.value && <Button class="ml-auto" onClick={() => (editing.value = true)}>{t('admin.edit')}</Button>}
      </div>
      {editing.value && <InboxForm inbox={inbox} teams={teams} plugins={plugins} onCancel={() => (editing.value = false)} onSaved={() => { editing.value = false; onChanged(); }} />}
      {inbox.kind === 'WEB' && inbox.widgetSnippet && <Copyable label={t('admin.inboxes.snippet')} value={inbox.widgetSnippet} testId="widget-snippet" block />}
      {inbox.kind === 'WEB' && inbox.widgetIdentitySecret && (
        <div class="flex flex-wrap items-end gap-3">
          <Copyable label={t('admin.inboxes.identitySecret')} value={inbox.widgetIdentitySecret} testId="identity-secret" />
          <ConfirmButton label={t('admin.inboxes.rotate')} question={t('admin.inboxes.rotateWidgetQuestion')}
            onConfirm={() => run(() => api.request(RotateWidgetSecretDocument, { inboxId: inbox.id }))} />
        </div>
      )}
      {inbox.pluginId && <Copyable label={t('admin.inboxes.incomingWebhook')} value={`${location.origin}/webhooks/${inbox.id}`} />}
      {inbox.kind === 'API' && <Copyable label={t('admin.inboxes.webhookUrl')} value={inbox.webhookUrl || t('admin.inboxes.noWebhook')} />}
      {inbox.webhookSecret && (
        <div class="flex flex-wrap items-end gap-3">
          <Copyable label={t('admin.inboxes.webhookSecret')} value={inbox.webhookSecret} />
          <ConfirmButton label={t('admin.inboxes.rotate')} question={t('admin.inboxes.rotateWebhookQuestion')}
            onConfirm={() => run(() => api.request(RotateWebhookSecretDocument, { id: inbox.id }))} />
        </div>
      )}
      <ErrorMessage error={error.value} />
    </li>
  );
}

export function InboxesPage() {
  const { data, error, reload } = useLoad(() => api.request(AdminInboxesDocument));
  const teams = data.value?.teams ?? [];
  const plugins = data.value?.plugins ?? [];
  return (
    <section aria-labelledby="inboxes-title" class="mx-auto max-w-5xl space-y-4">
      <h1 id="inboxes-title" class="text-xl font-semibold">{t('admin.nav.inboxes')}</h1>
      <div class="rounded-lg border border-line bg-panel p-4">
        <h2 class="mb-3 text-lg font-semibold">{t('admin.inboxes.new')}</h2>
        {data.value !== null && <InboxForm inbox={null} teams={teams} plugins={plugins} onSaved={() => void reload()} />}
      </div>
      <ErrorMessage error={error.value} />
      <ul aria-label={t('admin.nav.inboxes')} class="space-y-3">
        {data.value?.inboxes.map((inbox) => <InboxItem key={inbox.id} inbox={inbox} teams={teams} plugins={plugins} onChanged={() => void reload()} />)}
      </ul>
      {data.value?.inboxes.length === 0 && <p class="text-muted">{t('admin.empty')}</p>}
    </section>
  );
}
