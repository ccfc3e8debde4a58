import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';
import { EMOJIS } from './emoji';

/** A button opening a small grid of emojis; picking one inserts it, Escape closes the grid. */
export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const open = useSignal(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open.value) grid.current?.querySelector('button')?.focus();
  }, [open.value]);
  const close = () => {
    open.value = false;
    toggle.current?.focus();
  };
  return (
    // Escape is handled around both the button and the grid: focus may still be on the button.
    <div class="relative" onKeyDown={(e) => { if (e.key === 'Escape' && open.value) { e.preventDefault(); close(); } }}>
      <button ref={toggle} type="button" aria-expanded={open.value} aria-controls="emoji-grid" title={t('conversation.emoji')}
        onClick={() => (open.value = !open.value)} class="rounded-md border border-line px-3 py-1.5 text-sm">
        <span aria-hidden="true">🙂</span><span class="sr-only">{t('conversation.emoji')}</span>
      </button>
      {open.value && (
        <div ref={grid} id="emoji-grid" role="group" aria-label={t('conversation.emoji')}
          class="absolute bottom-full left-0 z-20 mb-1 grid w-64 grid-cols-6 gap-1 rounded-md border border-line bg-panel p-2 shadow-lg">
          {EMOJIS.map((emoji) => (
            <button key={emoji} type="button" aria-label={emoji} class="rounded p-1 text-lg hover:bg-surface"
              onClick={() => { onPick(emoji); open.value = false; }}>{emoji}</button>
          ))}
        </div>
      )}
    </div>
  );
}
