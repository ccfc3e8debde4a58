import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { SHORTCUTS } from './shortcuts';

/** The list of keyboard shortcuts, opened with `?` (a native modal dialog; Escape closes it). */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Closed natively before it is unmounted (see TransferDialog).
  const close = () => dialog.current?.close();
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    // Back to the opener only if focus was left nowhere: by the time this runs (after the close
    // event) the user may already have moved on, e.g. with a shortcut.
    return () => {
      const now = document.activeElement;
      if (now === null || now === document.body || dialog.current?.contains(now) === true) opener?.focus();
    };
  }, []);
  return (
    <dialog ref={dialog} aria-labelledby="shortcuts-title" onClose={onClose}
      class="w-full max-w-sm rounded-lg border border-line bg-panel p-4 text-fg shadow-xl backdrop:bg-black/50">
      <h3 id="shortcuts-title" class="mb-2 text-lg font-semibold">{t('conversation.shortcuts')}</h3>
      <dl class="space-y-1 text-sm">
        {SHORTCUTS.map(({ key, action }) => (
          <div key={key} class="flex gap-3">
            <dt><kbd class="rounded border border-line px-1.5 font-mono">{key}</kbd></dt>
            <dd>{t(`conversation.shortcut.${action}`)}</dd>
          </div>
        ))}
      </dl>
      <div class="mt-3 flex justify-end"><Button onClick={close}>{t('conversation.close')}</Button></div>
    </dialog>
  );
}
