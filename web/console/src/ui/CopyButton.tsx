import { useSignal } from '@preact/signals';
import { t } from '../i18n';
import { Button } from './Button';

/** Copies `text` to the clipboard and says so (politely, for screen readers). */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const state = useSignal<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      state.value = 'copied';
    } catch {
      // Not a secure context or permission refused: the text stays on screen to copy by hand.
      state.value = 'failed';
    }
  };
  return (
    <span class="inline-flex items-center gap-2">
      <Button onClick={() => void copy()}>{label ?? t('admin.copy')}</Button>
      <span role="status" class="text-sm text-muted">{state.value === 'copied' ? t('admin.copied') : state.value === 'failed' ? t('admin.copyFailed') : ''}</span>
    </span>
  );
}
