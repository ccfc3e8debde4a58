import { useSignal } from '@preact/signals';
import { login } from '../../app/auth';
import { locale, type Locale, setLocale, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ErrorMessage } from '../../ui/ErrorMessage';

/**
 * The sign-in form. With `expired`, it is shown over the open screen (a dialog) so nothing the
 * agent was doing is lost: the screen underneath stays mounted.
 */
export function LoginForm({ expired = false, login: known = '' }: { expired?: boolean; login?: string }) {
  const name = useSignal(known);
  const password = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<unknown>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      await login(name.value.trim(), password.value);
    } catch (failure) {
      error.value = failure;
      password.value = '';
    } finally {
      busy.value = false;
    }
  };

  return (
    <form onSubmit={submit} class="w-full max-w-sm space-y-4 rounded-lg border border-line bg-panel p-6 shadow-sm" aria-labelledby="login-title">
      <h1 id="login-title" class="text-xl font-semibold">{expired ? t('login.expiredTitle') : t('login.title')}</h1>
      {expired && <p class="text-sm text-muted">{t('login.expiredHint')}</p>}
      <div class="space-y-1">
        <label for="login-name" class="block text-sm font-medium">{t('login.login')}</label>
        <input id="login-name" name="username" autocomplete="username" required value={name.value} autoFocus={!expired}
          onInput={(e) => (name.value = e.currentTarget.value)}
          class="w-full rounded-md border border-line bg-surface px-3 py-2" />
      </div>
      <div class="space-y-1">
        <label for="login-password" class="block text-sm font-medium">{t('login.password')}</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required value={password.value} autoFocus={expired}
          onInput={(e) => (password.value = e.currentTarget.value)}
          class="w-full rounded-md border border-line bg-surface px-3 py-2" />
      </div>
      <ErrorMessage error={error.value} />
      <Button type="submit" variant="primary" class="w-full justify-center" disabled={busy.value}>
        {busy.value ? t('login.submitting') : t('login.submit')}
      </Button>
    </form>
  );
}

export function LoginPage() {
  return (
    <main id="main" class="flex min-h-screen flex-col items-center justify-center gap-4 p-4">
      <LoginForm />
      <label class="flex items-center gap-2 text-sm text-muted">
        {t('header.language')}
        <select value={locale.value} onChange={(e) => setLocale(e.currentTarget.value as Locale)} class="rounded-md border border-line bg-panel px-2 py-1 text-fg">
          <option value="pt-BR">Português (Brasil)</option>
          <option value="en">English</option>
        </select>
      </label>
    </main>
  );
}
