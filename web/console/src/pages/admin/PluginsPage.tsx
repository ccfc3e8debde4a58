import { useSignal } from '@preact/signals';
import { api, session } from '../../app/auth';
import type { AdminPluginFieldsFragment } from '../../gql/graphql';
import { locale, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { type FieldErrors, splitError } from './form';
import { AdminPluginsDocument, ConfigurePluginDocument, DisablePluginDocument, EnablePluginDocument, INSTALL_PLUGIN, UninstallPluginDocument } from './operations';
import { settingsPatch, settingText } from './settings';
import { uploadMutation } from './upload';
import { useLoad } from './useLoad';

type Plugin = AdminPluginFieldsFragment;

function UploadForm({ onInstalled }: { onInstalled: (name: string) => void }) {
  const file = useSignal<File | null>(null);
  const force = useSignal(false);
  const errors = useSignal<FieldErrors>({});
  const general = useSignal<unknown>(null);
  const busy = useSignal(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    general.value = null;
    errors.value = file.value === null ? { package: 'admin.error.required' } : {};
    if (file.value === null) return;
    busy.value = true;
    try {
      const data = await uploadMutation<{ installPlugin: { name: string; version: string } }>(session, INSTALL_PLUGIN, { force: force.value }, 'file', file.value);
      (event.target as HTMLFormElement).reset();
      file.value = null;
      onInstalled(`${data.installPlugin.name} ${data.installPlugin.version}`);
    } catch (failure) {
      const split = splitError(failure, ['package', 'version']);
      errors.value = split.fields;
      general.value = split.general;
    } finally {
      busy.value = false;
    }
  };
  const problem = errors.value.package ?? errors.value.version;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="upload-title" class="space-y-3 rounded-lg border border-line bg-panel p-4">
      <h2 id="upload-title" class="text-lg font-semibold">{t('admin.plugins.upload')}</h2>
      <div class="space-y-1">
        <label for="plugin-package" class="block text-sm font-medium">{t('admin.plugins.package')}</label>
        <input id="plugin-package" type="file" accept=".tar,application/x-tar" aria-invalid={problem !== undefined ? true : undefined}
          aria-describedby={`plugin-package-hint${problem !== undefined ? ' plugin-package-error' : ''}`}
          onChange={(e) => (file.value = e.currentTarget.files?.[0] ?? null)} class="block text-sm" />
        <p id="plugin-package-hint" class="text-xs text-muted">{t('admin.plugins.packageHint')}</p>
        {problem !== undefined && <p id="plugin-package-error" class="text-sm text-danger">{t(errors.value.version !== undefined ? 'admin.plugins.older' : problem)}</p>}
      </div>
      <label class="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={force.value} onChange={(e) => (force.value = e.currentTarget.checked)} />
        {t('admin.plugins.force')}
      </label>
      <ErrorMessage error={general.value} />
      <Button type="submit" variant="primary" disabled={busy.value}>{busy.value ? t('admin.plugins.uploading') : t('admin.plugins.install')}</Button>
    </form>
  );
}

function SettingsForm({ plugin, onSaved }: { plugin: Plugin; onSaved: (next: Plugin) => void }) {
  const texts = useSignal<Record<string, string>>(Object.fromEntries(plugin.settings.map((spec) => [spec.key, settingText(spec)])));
  const secrets = useSignal<Record<string, string>>({});
  const errors = useSignal<FieldErrors>({});
  const general = useSignal<unknown>(null);
  const saved = useSignal(false);
  if (plugin.settings.length === 0 && plugin.secrets.length === 0) return null;
  const fields = [...plugin.settings.map((spec) => `settings.${spec.key}`), ...plugin.secrets.map((secret) => `secrets.${secret.name}`)];

  const submit = async (event: Event) => {
    event.preventDefault();
    general.value = null;
    saved.value = false;
    const { patch, errors: found } = settingsPatch(plugin.settings, texts.value);
    errors.value = found;
    if (Object.keys(found).length > 0) return;
    const secretInput = Object.entries(secrets.value).filter(([, value]) => value !== '').map(([name, value]) => ({ name, value }));
    try {
      const result = await api.request(ConfigurePluginDocument, { id: plugin.id, input: { settings: patch, secrets: secretInput } });
      secrets.value = {};
      texts.value = Object.fromEntries(result.configurePlugin.settings.map((spec) => [spec.key, settingText(spec)]));
      saved.value = true;
      onSaved(result.configurePlugin);
    } catch (failure) {
      const split = splitError(failure, fields);
      errors.value = split.fields;
      general.value = split.general;
    }
  };
  const clearSecret = async (name: string) => {
    try {
      const result = await api.request(ConfigurePluginDocument, { id: plugin.id, input: { secrets: [{ name, value: '' }] } });
      onSaved(result.configurePlugin);
    } catch (failure) {
      general.value = failure;
    }
  };
  const id = (key: string) => `plugin-${plugin.id}-${key}`;
  return (
    <form onSubmit={submit} noValidate class="space-y-3">
      <h3 class="font-medium">{t('admin.plugins.settings')}</h3>
      <div class="grid gap-3 md:grid-cols-2">
        {plugin.settings.map((spec) => {
          const label = spec.label ?? spec.key;
          const defaultText = spec.default === null || spec.default === undefined ? '' : t('admin.plugins.default', { value: JSON.stringify(spec.default) });
          const hint = [spec.description ?? '', defaultText].filter(Boolean).join(' · ') || undefined;
          const set = (value: string) => (texts.value = { ...texts.value, [spec.key]: value });
          const error = errors.value[`settings.${spec.key}`];
          if (spec.type === 'boolean' || (spec.choices && spec.choices.length > 0)) {
            const options = spec.type === 'boolean' ? ['true', 'false'] : spec.choices ?? [];
            return <SelectField key={spec.key} id={id(spec.key)} label={label} value={texts.value[spec.key] ?? ''} onChange={set} error={error} hint={hint}
              options={[{ value: '', label: t('admin.plugins.useDefault') }, ...options.map((value) => ({ value, label: value }))]} />;
          }
          return <TextField key={spec.key} id={id(spec.key)} label={label} value={texts.value[spec.key] ?? ''} onInput={set} error={error} hint={hint}
            multiline={spec.type === 'string-list'} rows={3} type={spec.type === 'integer' || spec.type === 'number' ? 'number' : 'text'} />;
        })}
        {plugin.secrets.map((secret) => (
          <div key={secret.name} class="space-y-1">
            <TextField id={id(`secret-${secret.name}`)} label={t('admin.plugins.secret', { name: secret.name })} type="password" autoComplete="off"
              value={secrets.value[secret.name] ?? ''} onInput={(value) => (secrets.value = { ...secrets.value, [secret.name]: value })}
              error={errors.value[`secrets.${secret.name}`]} hint={secret.isSet ? t('admin.plugins.secretSet') : t('admin.plugins.secretUnset')} />
            {secret.isSet && <ConfirmButton label={t('admin.plugins.clearSecret')} question={t('admin.plugins.clearSecretQuestion', { name: secret.name })} onConfirm={() => clearSecret(secret.name)} />}
          </div>
        ))}
      </div>
      <ErrorMessage error={general.value} />
      <div class="flex items-center gap-3">
        <Button type="submit" variant="primary">{t('admin.save')}</Button>
        <span role="status" class="text-sm text-muted">{saved.value ? t('admin.saved') : ''}</span>
      </div>
    </form>
  );
}

function PluginItem({ plugin, onChanged, onReplaced }: { plugin: Plugin; onChanged: () => void; onReplaced: (next: Plugin) => void }) {
  const error = useSignal<unknown>(null);
  const busy = useSignal(false);
  const toggle = async () => {
    error.value = null;
    busy.value = true;
    try {
      const next = plugin.enabled
        ? (await api.request(DisablePluginDocument, { id: plugin.id })).disablePlugin
        : (await api.request(EnablePluginDocument, { id: plugin.id })).enablePlugin;
      onReplaced(next);
    } catch (failure) {
      error.value = failure;
    } finally {
      busy.value = false;
    }
  };
  const uninstall = async () => {
    try {
      await api.request(UninstallPluginDocument, { id: plugin.id });
      onChanged();
    } catch (failure) {
      error.value = failure;
    }
  };
  const number = new Intl.NumberFormat(locale.value, { maximumFractionDigits: 1 });
  const when = new Intl.DateTimeFormat(locale.value, { dateStyle: 'short', timeStyle: 'medium' });
  const { metrics, capabilities } = plugin;
  return (
    <li data-testid={`plugin-${plugin.id}`} class="space-y-3 rounded-lg border border-line bg-panel p-4">
      <div class="flex flex-wrap items-center gap-3">
        <h2 class="text-lg font-semibold">{plugin.name}</h2>
        <span class="text-sm text-muted">{plugin.id} · {t(`admin.plugins.kind.${plugin.kind}`)} · {plugin.version} · {t(`admin.plugins.source.${plugin.source}`)}</span>
        <span data-testid="plugin-state" class={`rounded px-2 text-xs font-medium ${plugin.enabled ? 'bg-accent text-accent-fg' : 'bg-warn-bg text-warn-fg'}`}>
          {plugin.enabled ? t('admin.plugins.enabled') : plugin.disabledReason ? t(`admin.plugins.disabled.${plugin.disabledReason}`) : t('admin.plugins.disabledPlain')}
        </span>
        <span class="ml-auto flex gap-2">
          <Button variant={plugin.enabled ? 'ghost' : 'primary'} disabled={busy.value} onClick={() => void toggle()}>
            {plugin.enabled ? t('admin.plugins.disable') : t('admin.plugins.enable')}
          </Button>
          {plugin.source === 'UPLOADED' && <ConfirmButton label={t('admin.plugins.uninstall')} question={t('admin.plugins.uninstallQuestion', { name: plugin.name })} onConfirm={uninstall} />}
        </span>
      </div>
      {plugin.description && <p class="text-sm">{plugin.description}</p>}
      <dl class="grid grid-cols-2 gap-x-4 gap-y-1 text-sm md:grid-cols-4">
        <dt class="text-muted">{t('admin.plugins.calls')}</dt><dd>{number.format(metrics.calls)}</dd>
        <dt class="text-muted">{t('admin.plugins.failures')}</dt><dd>{number.format(metrics.failures)}</dd>
        <dt class="text-muted">{t('admin.plugins.meanMs')}</dt><dd>{number.format(metrics.meanDurationMs)} ms</dd>
        <dt class="text-muted">{t('admin.plugins.maxMs')}</dt><dd>{number.format(metrics.maxDurationMs)} ms</dd>
        <dt class="text-muted">{t('admin.plugins.hosts')}</dt><dd class="col-span-1 md:col-span-3">{capabilities.httpHosts.join(', ') || t('admin.none')}</dd>
        <dt class="text-muted">{t('admin.plugins.kv')}</dt><dd>{capabilities.kv ? t('admin.yes') : t('admin.no')}</dd>
      </dl>
      <SettingsForm plugin={plugin} onSaved={onReplaced} />
      <div>
        <h3 class="font-medium">{t('admin.plugins.recentErrors')}</h3>
        {plugin.recentErrors.length === 0
          ? <p class="text-sm text-muted">{t('admin.plugins.noErrors')}</p>
          : (
            <ul class="mt-1 space-y-1 text-sm">
              {plugin.recentErrors.map((failure, index) => (
                <li key={index} class="rounded bg-surface px-2 py-1">
                  <time dateTime={failure.at}>{when.format(new Date(failure.at))}</time> · <strong>{failure.reason}</strong> · <span class="break-all">{failure.message}</span>
                </li>
              ))}
            </ul>
          )}
      </div>
      <ErrorMessage error={error.value} />
    </li>
  );
}

export function PluginsPage() {
  const { data, error, reload } = useLoad(() => api.request(AdminPluginsDocument));
  const installed = useSignal<string | null>(null);
  const replace = (next: Plugin) => {
    if (data.value === null) return;
    data.value = { plugins: data.value.plugins.map((plugin) => (plugin.id === next.id ? next : plugin)) };
  };
  return (
    <section aria-labelledby="plugins-title" class="mx-auto max-w-5xl space-y-4">
      <h1 id="plugins-title" class="text-xl font-semibold">{t('admin.nav.plugins')}</h1>
      <UploadForm onInstalled={(name) => { installed.value = name; void reload(); }} />
      {installed.value !== null && <p role="status" class="text-sm">{t('admin.plugins.installed', { name: installed.value })}</p>}
      <ErrorMessage error={error.value} />
      <ul aria-label={t('admin.nav.plugins')} class="space-y-3">
        {data.value?.plugins.map((plugin) => <PluginItem key={plugin.id} plugin={plugin} onChanged={() => void reload()} onReplaced={replace} />)}
      </ul>
      {data.value?.plugins.length === 0 && <p class="text-muted">{t('admin.plugins.none')}</p>}
    </section>
  );
}
