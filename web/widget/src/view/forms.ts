// The pre-chat form (who the visitor is), the offline form (the same plus a message) and the
// satisfaction rating. Each shows errors next to the field they concern, the host's included.

import type { Messages } from '../i18n';
import type { PreChatAnswers, WidgetConfig } from '../types';
import { h } from './dom';

export interface FieldErrors {
  [field: string]: string;
}

let ids = 0;
const nextId = (name: string): string => `ispchat-${name}-${++ids}`;

function field(name: string, label: string, input: HTMLInputElement | HTMLTextAreaElement, required: boolean, t: Messages): HTMLElement {
  const id = nextId(name);
  input.id = id;
  input.name = name;
  if (required) input.setAttribute('aria-required', 'true');
  const error = h('span', { class: 'error', id: `${id}-error`, 'data-error-for': name });
  input.setAttribute('aria-describedby', `${id}-error`);
  return h('label', { for: id }, required ? label : `${label} ${t.optional}`, input, error);
}

/** Shows `errors` under their fields; returns whether there were any. Focuses the first. */
export function showErrors(form: HTMLFormElement, errors: FieldErrors): boolean {
  let first: HTMLElement | null = null;
  for (const span of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    const name = span.dataset.errorFor ?? '';
    const message = errors[name] ?? '';
    span.textContent = message;
    const input = form.querySelector<HTMLElement>(`[name="${name}"]`);
    input?.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
    if (message !== '' && first === null) first = input;
  }
  first?.focus();
  return first !== null;
}

/** Client-side checks of the pre-chat answers; the host checks again (CPF digits included). */
export function validatePreChat(answers: PreChatAnswers, config: WidgetConfig, t: Messages): FieldErrors {
  const errors: FieldErrors = {};
  const pre = config.preChat;
  if (pre.requireName && (answers.name ?? '').trim() === '') errors.name = t.required;
  if (pre.requireEmailOrPhone && (answers.email ?? '').trim() === '' && (answers.phone ?? '').trim() === '') errors.email = t.emailOrPhone;
  if (pre.cpf === 'REQUIRED' && (answers.cpf ?? '').replace(/\D/g, '') === '') errors.cpf = t.required;
  return errors;
}

function answersOf(form: HTMLFormElement): PreChatAnswers {
  const value = (name: string): string | undefined => {
    const input = form.elements.namedItem(name);
    if (!(input instanceof HTMLInputElement) || input.value.trim() === '') return undefined;
    return input.value.trim();
  };
  return { name: value('name'), email: value('email'), phone: value('phone'), cpf: value('cpf') };
}

function identityFields(config: WidgetConfig, t: Messages): HTMLElement[] {
  const pre = config.preChat;
  return [
    field('name', t.name, h('input', { type: 'text', autocomplete: 'name' }), pre.requireName, t),
    field('email', t.email, h('input', { type: 'email', autocomplete: 'email' }), false, t),
    field('phone', t.phone, h('input', { type: 'tel', autocomplete: 'tel' }), false, t),
    pre.cpf === 'HIDDEN' ? null : field('cpf', t.cpf, h('input', { type: 'text', inputmode: 'numeric' }), pre.cpf === 'REQUIRED', t),
  ].filter((e): e is HTMLElement => e !== null);
}

export function preChatForm(config: WidgetConfig, t: Messages, onSubmit: (answers: PreChatAnswers, form: HTMLFormElement) => void): HTMLFormElement {
  const form = h('form', { class: 'card', novalidate: true }, h('p', {}, t.prechatIntro), ...identityFields(config, t), h('button', { type: 'submit', class: 'primary' }, t.start));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answers = answersOf(form);
    if (!showErrors(form, validatePreChat(answers, config, t))) onSubmit(answers, form);
  });
  return form;
}

/** Outside business hours: who the visitor is and their message, stored for the agents. */
export function offlineForm(config: WidgetConfig, t: Messages, onSubmit: (answers: PreChatAnswers, message: string, form: HTMLFormElement) => void): HTMLFormElement {
  const text = h('textarea', { rows: 4 });
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('p', {}, config.offlineMessage || t.offlineFormIntro),
    ...identityFields(config, t),
    field('message', t.messageLabel, text, true, t),
    h('button', { type: 'submit', class: 'primary' }, t.leaveMessage),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answers = answersOf(form);
    const errors = validatePreChat(answers, config, t);
    if (text.value.trim() === '') errors.message = t.required;
    if (!showErrors(form, errors)) onSubmit(answers, text.value.trim(), form);
  });
  return form;
}

/** 1–5 stars as radio buttons (keyboard: arrows), with an optional comment. */
export function csatForm(t: Messages, onSubmit: (score: number, comment: string, form: HTMLFormElement) => void): HTMLFormElement {
  const name = nextId('score');
  const labels: HTMLLabelElement[] = [];
  const paint = (score: number): void => labels.forEach((label, i) => label.classList.toggle('on', i < score));
  const stars = h(
    'fieldset',
    { class: 'stars' },
    h('legend', {}, t.csatQuestion),
    ...[1, 2, 3, 4, 5].map((score) => {
      const input = h('input', { type: 'radio', name, value: String(score), 'aria-label': t.csatScore(score) });
      input.addEventListener('change', () => paint(score));
      const label = h('label', {}, input, h('span', { 'aria-hidden': 'true' }, '★'));
      labels.push(label);
      return label;
    }),
  );
  const comment = h('textarea', { rows: 3 });
  const form = h('form', { class: 'card', novalidate: true }, stars, field('comment', t.csatComment, comment, false, t), h('button', { type: 'submit', class: 'primary' }, t.csatSubmit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const picked = form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
    if (picked === null) {
      labels[0]?.querySelector('input')?.focus();
      return;
    }
    onSubmit(Number(picked.value), comment.value.trim(), form);
  });
  return form;
}
