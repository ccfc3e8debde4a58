import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { loadMe, me, session } from './auth';
import { lazyPage } from './lazy';
import { navigate, path } from './router';
import { routeOf } from './routes';
import { Shell } from './Shell';
import { t } from '../i18n';
import { InboxPage } from '../pages/inbox/InboxPage';
import { LoginForm, LoginPage } from '../pages/login/LoginPage';
import { ErrorMessage } from '../ui/ErrorMessage';

const DashboardPage = lazyPage(() => import('../pages/dashboard/DashboardPage'));
const AdminPage = lazyPage(() => import('../pages/admin/AdminPage'));

const pages: Record<string, () => preact.JSX.Element> = {
  '/inbox': () => <InboxPage />,
  '/dashboard': () => <DashboardPage />,
  '/admin': () => <AdminPage />,
};

function Routed() {
  const user = me.value;
  const route = routeOf(path.value);
  useEffect(() => {
    if (path.value === '/' || path.value === '/login') navigate('/inbox', true);
  }, [path.value]);
  if (user === null) return null;
  if (route === undefined) return <p class="p-6">{t('page.notFound')}</p>;
  if (!route.roles.includes(user.role)) return <p class="p-6">{t('page.forbidden')}</p>;
  return pages[route.path]?.() ?? null;
}

export function App() {
  const state = session.state.value;
  const failure = useSignal<unknown>(null);

  useEffect(() => {
    // Signed out in another tab: this one follows.
    if (state === 'signedOut') me.value = null;
    if (state === 'active' && me.value === null) {
      loadMe().catch((error: unknown) => (failure.value = error));
    }
  }, [state]);

  if (me.value === null) {
    if (state === 'active') {
      return failure.value === null ? <p class="p-6 text-muted">{t('page.loading')}</p> : <div class="p-6"><ErrorMessage error={failure.value} /></div>;
    }
    return <LoginPage />;
  }
  return (
    <>
      <Shell>
        <Routed />
      </Shell>
      {state === 'expired' && (
        <div role="dialog" aria-modal="true" aria-labelledby="login-title" class="fixed inset-0 z-40 flex items-center justify-center bg-black/50 p-4">
          <LoginForm expired login={me.value.username} />
        </div>
      )}
    </>
  );
}
