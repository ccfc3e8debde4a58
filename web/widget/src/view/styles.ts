// The widget's CSS, inside its shadow root so the page's styles cannot reach it (nor it the page's).

export function styles(color: string, position: 'LEFT' | 'RIGHT'): string {
  const side = position === 'LEFT' ? 'left' : 'right';
  return `
:host { all: initial; }
[hidden] { display: none !important; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.root { --c: ${color}; position: fixed; ${side}: 20px; bottom: 20px; z-index: 2147483000; color: #1f2937; font-size: 14px; }
button { font: inherit; cursor: pointer; }
:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
.launcher { width: 56px; height: 56px; border-radius: 50%; border: 0; background: var(--c); color: #fff; box-shadow: 0 4px 14px rgba(0,0,0,.25); position: relative; float: ${side}; }
.launcher svg { width: 26px; height: 26px; fill: currentColor; }
.badge { position: absolute; top: -4px; ${side === 'right' ? 'left' : 'right'}: -4px; min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; background: #dc2626; color: #fff; font-size: 12px; line-height: 20px; }
.panel { position: absolute; bottom: 72px; ${side}: 0; width: 370px; height: min(600px, calc(100vh - 110px)); background: #fff; border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.25); display: flex; flex-direction: column; overflow: hidden; }
.panel[hidden] { display: none; }
.header { background: var(--c); color: #fff; padding: 14px 16px; display: flex; align-items: center; gap: 8px; }
.header h2 { margin: 0; font-size: 16px; flex: 1; }
.header p { margin: 2px 0 0; font-size: 12px; opacity: .9; }
.header .close { background: transparent; border: 0; color: #fff; font-size: 22px; line-height: 1; }
.banner { background: #fef3c7; color: #92400e; padding: 6px 12px; font-size: 12px; }
.body { flex: 1; overflow-y: auto; padding: 12px; background: #f9fafb; }
.greeting { background: #fff; border-radius: 10px; padding: 10px 12px; margin-bottom: 10px; }
.msg { display: flex; flex-direction: column; margin: 6px 0; max-width: 82%; }
.msg.mine { margin-left: auto; align-items: flex-end; }
.bubble { padding: 8px 12px; border-radius: 14px; background: #fff; white-space: pre-wrap; word-wrap: break-word; box-shadow: 0 1px 1px rgba(0,0,0,.06); }
.missing { font-style: italic; opacity: .85; }
.mine .bubble { background: var(--c); color: #fff; }
.meta { font-size: 11px; color: #6b7280; margin-top: 2px; }
.meta button { background: none; border: 0; color: #b91c1c; text-decoration: underline; padding: 0 0 0 4px; font-size: 11px; }
.bubble img { max-width: 100%; border-radius: 8px; display: block; margin-top: 4px; }
.bubble a { color: inherit; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.choices button { border: 1px solid var(--c); color: var(--c); background: #fff; border-radius: 16px; padding: 4px 10px; }
.typing { font-size: 12px; color: #6b7280; padding: 0 12px 6px; min-height: 18px; background: #f9fafb; }
.composer { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #e5e7eb; align-items: flex-end; }
.composer textarea { flex: 1; resize: none; border: 1px solid #d1d5db; border-radius: 10px; padding: 8px 10px; font: inherit; max-height: 120px; }
.icon { border: 0; background: transparent; color: #4b5563; width: 36px; height: 36px; border-radius: 8px; }
.icon svg { width: 20px; height: 20px; fill: currentColor; }
.send { background: var(--c); color: #fff; }
form.card { display: flex; flex-direction: column; gap: 10px; background: #fff; padding: 14px; border-radius: 10px; }
form.card label { display: flex; flex-direction: column; gap: 4px; font-weight: 600; font-size: 13px; }
form.card input, form.card textarea { font: inherit; font-weight: 400; border: 1px solid #d1d5db; border-radius: 8px; padding: 8px 10px; }
form.card [aria-invalid="true"] { border-color: #dc2626; }
.error { color: #b91c1c; font-size: 12px; font-weight: 400; }
.primary { background: var(--c); color: #fff; border: 0; border-radius: 8px; padding: 10px; font-weight: 600; }
.stars { display: flex; gap: 4px; border: 0; padding: 0; margin: 0; }
.stars label { font-size: 28px; color: #d1d5db; cursor: pointer; }
.stars input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.stars label.on { color: #f59e0b; }
.stars input:focus-visible + span { outline: 3px solid #2563eb; }
.notice { text-align: center; color: #6b7280; font-size: 12px; margin: 10px 0; }
@media (max-width: 480px) {
  .root { ${side}: 12px; bottom: 12px; }
  .panel { position: fixed; inset: 0; width: 100vw; height: 100%; border-radius: 0; bottom: 0; }
}
`;
}
