// Every text the visitor sees, in Brazilian Portuguese (the default) and English.

export type Locale = 'pt-BR' | 'en';

const PT_BR = {
  launcherOpen: 'Abrir o chat',
  launcherClose: 'Fechar o chat',
  unreadBadge: (n: number) => (n === 1 ? '1 mensagem nova' : `${n} mensagens novas`),
  title: 'Fale conosco',
  online: 'Online agora',
  offline: 'Estamos fora do horário de atendimento',
  nextOpen: (when: string) => `Voltamos ${when}`,
  close: 'Fechar',
  prechatIntro: 'Antes de começar, conte quem é você.',
  name: 'Nome',
  email: 'E-mail',
  phone: 'Telefone ou WhatsApp',
  cpf: 'CPF',
  optional: '(opcional)',
  emailOrPhone: 'Informe um e-mail ou um telefone.',
  required: 'Campo obrigatório.',
  start: 'Iniciar conversa',
  composerLabel: 'Escreva sua mensagem',
  composerPlaceholder: 'Escreva uma mensagem…',
  send: 'Enviar',
  attach: 'Anexar arquivo',
  sending: 'Enviando…',
  sent: 'Enviada',
  delivered: 'Entregue',
  read: 'Lida',
  failed: 'Não enviada',
  retry: 'Tentar de novo',
  typing: (who: string) => `${who} está digitando…`,
  agent: 'Atendente',
  you: 'Você',
  reconnecting: 'Sem conexão. Tentando reconectar…',
  offlineFormIntro: 'Deixe sua mensagem e responderemos assim que possível.',
  messageLabel: 'Mensagem',
  leaveMessage: 'Enviar mensagem',
  offlineThanks: 'Recebemos sua mensagem. Responderemos em breve.',
  csatQuestion: 'Como você avalia este atendimento?',
  csatScore: (n: number) => `${n} de 5`,
  csatComment: 'Comentário (opcional)',
  csatSubmit: 'Enviar avaliação',
  csatThanks: 'Obrigado pela avaliação!',
  resolved: 'Esta conversa foi encerrada.',
  newConversation: 'Nova conversa',
  fileTooLarge: 'Arquivo grande demais.',
  fileNotReceived: 'Não recebemos este arquivo. Envie de novo, por favor.',
  genericError: 'Algo deu errado. Tente novamente.',
  invalidField: 'Confira este campo.',
  newMessageNotification: 'Nova mensagem',
} as const;

export type Messages = { readonly [K in keyof typeof PT_BR]: (typeof PT_BR)[K] extends (...args: infer A) => string ? (...args: A) => string : string };

const EN: Messages = {
  launcherOpen: 'Open chat',
  launcherClose: 'Close chat',
  unreadBadge: (n) => (n === 1 ? '1 new message' : `${n} new messages`),
  title: 'Chat with us',
  online: 'Online now',
  offline: 'We are outside business hours',
  nextOpen: (when) => `Back ${when}`,
  close: 'Close',
  prechatIntro: 'Before we start, tell us who you are.',
  name: 'Name',
  email: 'E-mail',
  phone: 'Phone or WhatsApp',
  cpf: 'CPF',
  optional: '(optional)',
  emailOrPhone: 'Enter an e-mail or a phone number.',
  required: 'Required.',
  start: 'Start chat',
  composerLabel: 'Write your message',
  composerPlaceholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach a file',
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
  retry: 'Try again',
  typing: (who) => `${who} is typing…`,
  agent: 'Agent',
  you: 'You',
  reconnecting: 'Connection lost. Reconnecting…',
  offlineFormIntro: 'Leave a message and we will answer as soon as we can.',
  messageLabel: 'Message',
  leaveMessage: 'Send message',
  offlineThanks: 'We got your message and will answer soon.',
  csatQuestion: 'How would you rate this conversation?',
  csatScore: (n) => `${n} out of 5`,
  csatComment: 'Comment (optional)',
  csatSubmit: 'Send rating',
  csatThanks: 'Thank you for your rating!',
  resolved: 'This conversation was closed.',
  newConversation: 'New conversation',
  fileTooLarge: 'The file is too large.',
  fileNotReceived: 'We did not receive this file. Please send it again.',
  genericError: 'Something went wrong. Please try again.',
  invalidField: 'Please check this field.',
  newMessageNotification: 'New message',
};

const CATALOGUES: Record<Locale, Messages> = { 'pt-BR': PT_BR, en: EN };

/** The locale the page asked for, else the browser's, else pt-BR. */
export function pickLocale(requested: string | null | undefined, browser: readonly string[]): Locale {
  for (const tag of [requested, ...browser]) {
    if (tag == null || tag === '') continue;
    const lower = tag.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('en')) return 'en';
  }
  return 'pt-BR';
}

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}
