import type { ComponentChildren } from 'preact';

/** A titled panel of a page; its heading names the region for screen readers. */
export function Section({ id, title, children, class: extra }: { id: string; title: string; children: ComponentChildren; class?: string }) {
  return (
    <section aria-labelledby={`${id}-title`} data-section={id} class={`rounded-lg border border-line bg-panel p-4 ${extra ?? ''}`}>
      <h2 id={`${id}-title`} class="mb-3 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}
