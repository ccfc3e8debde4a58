import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { Button } from './Button';

/**
 * A destructive action asked twice: the first press shows the question with Confirm and Cancel
 * in place (focus moves to Cancel, so Enter twice never destroys anything by accident; Escape
 * cancels).
 */
export function ConfirmButton({ label, question, onConfirm, disabled }: { label: string; question: string; onConfirm: () => void | Promise<void>; disabled?: boolean }) {
  const asking = useSignal(false);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking.value) cancel.current?.focus();
  }, [asking.value]);
  if (!asking.value) {
    return <Button onClick={() => (asking.value = true)} disabled={disabled}>{label}</Button>;
  }
  return (
    <span role="group" aria-label={question} class="inline-flex flex-wrap items-center gap-2 rounded-md border border-danger px-2 py-1"
      onKeyDown={(e) => { if (e.key === 'Escape') asking.value = false; }}>
      <span class="text-sm text-danger">{question}</span>
      <Button class="border-danger text-danger" onClick={() => { asking.value = false; void onConfirm(); }}>{t('admin.confirm')}</Button>
      <button ref={cancel} type="button" onClick={() => (asking.value = false)} class="rounded-md border border-line px-3 py-1.5 text-sm font-medium">
        {t('admin.cancel')}
      </button>
    </span>
  );
}
