import type { ComponentChildren } from 'preact';
import { t, type MessageKey } from '../i18n';

const control = 'w-full rounded-md border bg-surface px-3 py-2 text-sm';

interface Common {
  id: string;
  label: string;
  /** What is wrong with the value, said next to it and announced with the field. */
  error?: MessageKey;
  hint?: string;
}

function Frame({ id, label, error, hint, children }: Common & { children: ComponentChildren }) {
  return (
    <div class="space-y-1">
      <label for={id} class="block text-sm font-medium">{label}</label>
      {children}
      {hint !== undefined && <p id={`${id}-hint`} class="text-xs text-muted">{hint}</p>}
      {error !== undefined && <p id={`${id}-error`} class="text-sm text-danger">{t(error)}</p>}
    </div>
  );
}

const describedBy = ({ id, error, hint }: Common) =>
  [error !== undefined ? `${id}-error` : '', hint !== undefined ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;

type TextProps = Common & {
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'datetime-local';
  required?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
};

/** A labelled text input whose error sits under it (`aria-invalid`, `aria-describedby`). */
export function TextField(props: TextProps) {
  const { id, value, onInput, type = 'text', required, autoComplete, multiline, rows = 4, placeholder, error } = props;
  const shared = {
    id,
    name: id,
    value,
    required,
    placeholder,
    'aria-invalid': error !== undefined ? true : undefined,
    'aria-describedby': describedBy(props),
    class: `${control} ${error !== undefined ? 'border-danger' : 'border-line'}`,
  };
  return (
    <Frame {...props}>
      {multiline
        ? <textarea {...shared} rows={rows} onInput={(e) => onInput(e.currentTarget.value)} />
        : <input {...shared} type={type as 'text'} autoComplete={autoComplete} onInput={(e) => onInput(e.currentTarget.value)} />}
    </Frame>
  );
}

type SelectProps = Common & {
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
};

export function SelectField(props: SelectProps) {
  const { id, value, onChange, options, error } = props;
  return (
    <Frame {...props}>
      <select id={id} name={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}
        aria-invalid={error !== undefined ? true : undefined} aria-describedby={describedBy(props)}
        class={`${control} ${error !== undefined ? 'border-danger' : 'border-line'}`}>
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </Frame>
  );
}
