import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

/** Data for a screen: loads on mount and on `reload()`; the last failure is kept for display. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []) {
  const data = useSignal<T | null>(null);
  const error = useSignal<unknown>(null);
  const reload = async () => {
    try {
      data.value = await load();
      error.value = null;
    } catch (failure) {
      error.value = failure;
    }
  };
  useEffect(() => {
    void reload();
  }, deps);
  return { data, error, reload };
}
