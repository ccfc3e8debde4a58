import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'ghost'; children: ComponentChildren };

const styles = {
  primary: 'bg-accent text-accent-fg hover:opacity-90 disabled:opacity-60',
  ghost: 'border border-line text-fg hover:bg-surface disabled:opacity-60',
};

export function Button({ variant = 'ghost', class: extra, children, type = 'button', ...rest }: Props) {
  return (
    <button type={type} class={`inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium ${styles[variant]} ${extra ?? ''}`} {...rest}>
      {children}
    </button>
  );
}
