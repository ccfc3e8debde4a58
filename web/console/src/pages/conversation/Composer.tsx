import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../../app/auth';
import { clearDraft, loadDraft, saveDraft } from '../../app/drafts';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { type Canned, matchCanned, shortcutQuery } from './canned';
import { insertAt } from './emoji';
import { EmojiPicker } from './EmojiPicker';
import { CannedResponsesDocument, RenderCannedDocument } from './operations';

let cannedCache: Promise<Canned[]> | null = null;
const cannedList = () => (cannedCache ??= api.request(CannedResponsesDocument, {}).then((data) => data.cannedResponses, () => {
  cannedCache = null;
  return [];
}));

/**
 * The reply box: Enter sends, Shift+Enter adds a line, `/` offers canned responses, and the
 * text is kept as a draft (per user and conversation) until it is sent.
 */
export function Composer({ userId, conversationId, onSend, onAttach }: {
  userId: string;
  conversationId: string;
  onSend: (text: string, isPrivate: boolean) => Promise<boolean>;
  /** Sends a file with the typed text as its caption. */
  onAttach: (file: File, caption: string, isPrivate: boolean) => Promise<boolean>;
}) {
  const text = useSignal(loadDraft(userId, conversationId));
  const file = useSignal<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const addEmoji = (emoji: string) => {
    const area = box.current;
    const next = insertAt(text.value, area?.selectionStart ?? text.value.length, area?.selectionEnd ?? text.value.length, emoji);
    change(next.text);
    // After the render puts the new text in, the caret goes right after the emoji.
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(next.caret, next.caret);
    });
  };
  const note = useSignal(false);
  const options = useSignal<Canned[]>([]);
  const active = useSignal(0);
  const query = shortcutQuery(text.value);

  useEffect(() => {
    text.value = loadDraft(userId, conversationId);
  }, [conversationId]);

  useEffect(() => {
    if (query === null) {
      options.value = [];
      return;
    }
    void cannedList().then((list) => {
      options.value = matchCanned(list, query);
      active.value = 0;
    });
  }, [query]);

  const change = (value: string) => {
    text.value = value;
    saveDraft(userId, conversationId, value);
  };

  const pick = async (canned: Canned) => {
    options.value = [];
    try {
      const { renderCannedResponse } = await api.request(RenderCannedDocument, { id: canned.id, conversationId });
      change(renderCannedResponse);
    } catch {
      change(canned.content);
    }
  };

  const submit = async () => {
    const content = text.value.trim();
    if (file.value !== null) {
      if (await onAttach(file.value, content, note.value)) {
        file.value = null;
        change('');
        clearDraft(userId, conversationId);
      }
      return;
    }
    if (content === '') return;
    change('');
    clearDraft(userId, conversationId);
    await onSend(content, note.value);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const open = query !== null && options.value.length > 0;
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      active.value = (active.value + step + options.value.length) % options.value.length;
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      const choice = options.value[active.value];
      if (open && choice !== undefined) void pick(choice);
      else void submit();
    }
    if (event.key === 'Tab' && open) {
      const choice = options.value[active.value];
      if (choice !== undefined) {
        event.preventDefault();
        void pick(choice);
      }
    }
  };

  return (
    <form class="border-t border-line bg-panel p-3" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <fieldset class="mb-2 flex gap-3 text-sm">
        <legend class="sr-only">{t('conversation.mode')}</legend>
        <label class="flex items-center gap-1"><input type="radio" name="mode" checked={!note.value} onChange={() => (note.value = false)} />{t('conversation.reply')}</label>
        <label class="flex items-center gap-1"><input type="radio" name="mode" checked={note.value} onChange={() => (note.value = true)} />{t('conversation.note')}</label>
        {note.value && <span class="text-xs text-muted">{t('conversation.noteHint')}</span>}
      </fieldset>
      {query !== null && (
        <ul role="listbox" id="canned-options" aria-label={t('conversation.canned')} class="mb-2 max-h-48 overflow-y-auto rounded-md border border-line">
          {options.value.length === 0 && <li class="px-3 py-1.5 text-sm text-muted">{t('conversation.noCanned')}</li>}
          {options.value.map((canned, index) => (
            <li key={canned.id} id={`canned-${canned.id}`} role="option" aria-selected={index === active.value}
              onMouseDown={(e) => { e.preventDefault(); void pick(canned); }}
              class={`cursor-pointer px-3 py-1.5 text-sm ${index === active.value ? 'bg-accent text-accent-fg' : ''}`}>
              <span class="font-mono">/{canned.shortcut}</span> <span class="opacity-80">{canned.content.slice(0, 80)}</span>
            </li>
          ))}
        </ul>
      )}
      {file.value !== null && (
        <p class="mb-2 flex items-center gap-2 text-sm" data-testid="attachment">
          <span>📎 {file.value.name}</span>
          <button type="button" class="underline" onClick={() => { file.value = null; if (fileInput.current) fileInput.current.value = ''; }}>
            {t('conversation.attachRemove')}
          </button>
        </p>
      )}
      <div class="flex items-end gap-2">
        <input ref={fileInput} id="composer-file" type="file" class="sr-only"
          onChange={(e) => (file.value = e.currentTarget.files?.[0] ?? null)} />
        <label for="composer-file" title={t('conversation.attach')}
          class="cursor-pointer rounded-md border border-line px-3 py-1.5 text-sm focus-within:outline">
          <span aria-hidden="true">📎</span><span class="sr-only">{t('conversation.attach')}</span>
        </label>
        <EmojiPicker onPick={addEmoji} />
        <label for="composer" class="sr-only">{note.value ? t('conversation.note') : t('conversation.reply')}</label>
        <textarea ref={box} id="composer" rows={3} value={text.value} placeholder={t('conversation.placeholder')}
          aria-controls={query !== null ? 'canned-options' : undefined}
          aria-activedescendant={query !== null && options.value[active.value] ? `canned-${options.value[active.value]?.id}` : undefined}
          onInput={(e) => change(e.currentTarget.value)} onKeyDown={onKeyDown}
          class={`min-h-16 flex-1 resize-y rounded-md border px-3 py-2 text-sm ${note.value ? 'border-amber-600 bg-warn-bg text-warn-fg' : 'border-line bg-surface'}`} />
        <Button type="submit" variant="primary">{t('conversation.send')}</Button>
      </div>
    </form>
  );
}
