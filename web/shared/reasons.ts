/**
 * What each `ErrorReason` of the host (`extensions.reason`) means to a person, in the languages
 * of the console and the widget. Typed over the enum generated from the schema, so a reason the
 * host adds fails `tsc` here until it is translated. `{bound}` is `extensions.bound`.
 */
import { ErrorReason } from './schema-enums';

export type ReasonLocale = 'pt-BR' | 'en';

const PT_BR: Record<ErrorReason, string> = {
  OUTSIDE_REPLY_WINDOW: 'A janela de resposta do canal fechou (no WhatsApp, 24 horas desde a última mensagem do cliente): só um modelo aprovado pode ser enviado até o cliente escrever de novo.',
  CONVERSATION_RESOLVED: 'Esta conversa está resolvida. Reabra-a para responder.',
  STATUS_UNCHANGED: 'A conversa já está nesse status.',
  NOT_RESOLVED: 'Só uma conversa resolvida pode ser reaberta.',
  SNOOZE_IN_PAST: 'Escolha um momento no futuro para retomar a conversa.',
  SNOOZE_TOO_LONG: 'Uma conversa pode ficar adiada por no máximo {bound} dias.',
  UNKNOWN_LABEL: 'Essa etiqueta não existe. Administradores e supervisores criam etiquetas.',
  TEMPLATES_UNSUPPORTED: 'O canal desta caixa de entrada não envia modelos.',
  FILES_UNSUPPORTED: 'Este canal não aceita arquivos.',
  FILE_TYPE_NOT_ACCEPTED: 'Esse tipo de arquivo não é aceito.',
  FILE_TYPE_MISMATCH: 'O conteúdo do arquivo não corresponde ao tipo dele. Envie o arquivo original.',
  FILE_TOO_LARGE: 'O arquivo passa do limite de {bound}.',
  TOO_LONG: 'O texto passa do limite de {bound} caracteres.',
  DOCUMENT_LENGTH: 'O CPF tem 11 dígitos e o CNPJ, 14. Confira o número.',
  DOCUMENT_REPEATED_DIGITS: 'Esse CPF ou CNPJ não é válido: todos os dígitos são iguais.',
  DOCUMENT_CHECK_DIGITS: 'Os dígitos verificadores não conferem: algum dígito foi digitado errado.',
  INVALID_PHONE: 'Telefone inválido. Informe com DDD, por exemplo (11) 98765-4321.',
  INVALID_EMAIL: 'Informe um e-mail válido, como nome@provedor.com.br.',
  PASSWORD_TOO_SHORT: 'A senha precisa ter pelo menos {bound} caracteres.',
  PASSWORD_TOO_LONG: 'A senha pode ter no máximo {bound} caracteres.',
  WRONG_CURRENT_PASSWORD: 'A senha atual não confere.',
  NOT_TEAM_MEMBER: 'Você não faz parte dessa equipe.',
  ALREADY_RATED: 'Esta conversa já foi avaliada. Obrigado!',
  DELIVERY_NOT_RETRYABLE: 'Só uma entrega que falhou pode ser tentada de novo.',
  CONTACT_HAS_CONVERSATIONS: 'Este contato tem conversas e não pode ser excluído. Mescle-o com outro contato.',
  CHAT_UNAVAILABLE: 'O chat está indisponível no momento e sua mensagem não foi enviada. Tente de novo em instantes.',
};

const EN: Record<ErrorReason, string> = {
  OUTSIDE_REPLY_WINDOW: "The channel's reply window has closed (on WhatsApp, 24 hours after the customer's last message): only an approved template can be sent until the customer writes again.",
  CONVERSATION_RESOLVED: 'This conversation is resolved. Reopen it to reply.',
  STATUS_UNCHANGED: 'The conversation already has this status.',
  NOT_RESOLVED: 'Only a resolved conversation can be reopened.',
  SNOOZE_IN_PAST: 'Choose a time in the future to resume the conversation.',
  SNOOZE_TOO_LONG: 'A conversation can be snoozed for at most {bound} days.',
  UNKNOWN_LABEL: 'There is no such label. Admins and supervisors create labels.',
  TEMPLATES_UNSUPPORTED: "This inbox's channel does not send templates.",
  FILES_UNSUPPORTED: 'This channel does not accept files.',
  FILE_TYPE_NOT_ACCEPTED: 'This type of file is not accepted.',
  FILE_TYPE_MISMATCH: "The file's content does not match its type. Send the original file.",
  FILE_TOO_LARGE: 'The file is over the {bound} limit.',
  TOO_LONG: 'The text is over the {bound}-character limit.',
  DOCUMENT_LENGTH: 'A CPF has 11 digits and a CNPJ 14. Check the number.',
  DOCUMENT_REPEATED_DIGITS: 'This CPF or CNPJ is not valid: all its digits are the same.',
  DOCUMENT_CHECK_DIGITS: 'The check digits do not match: a digit was mistyped.',
  INVALID_PHONE: 'Invalid phone number. Include the area code, e.g. +55 11 98765-4321.',
  INVALID_EMAIL: 'Enter a valid e-mail address, such as name@provider.com.',
  PASSWORD_TOO_SHORT: 'The password needs at least {bound} characters.',
  PASSWORD_TOO_LONG: 'The password can have at most {bound} characters.',
  WRONG_CURRENT_PASSWORD: 'The current password is not correct.',
  NOT_TEAM_MEMBER: 'You are not a member of this team.',
  ALREADY_RATED: 'This conversation was already rated. Thank you!',
  DELIVERY_NOT_RETRYABLE: 'Only a failed delivery can be retried.',
  CONTACT_HAS_CONVERSATIONS: 'This contact has conversations and cannot be deleted. Merge it into another contact.',
  CHAT_UNAVAILABLE: 'The chat is unavailable right now and your message was not sent. Try again in a moment.',
};

export const REASON_TEXTS: Record<ReasonLocale, Record<ErrorReason, string>> = { 'pt-BR': PT_BR, en: EN };

const KNOWN = new Set<string>(Object.values(ErrorReason));

/** `extensions.reason` when it is one this build knows (a newer host may send others). */
export function asReason(value: unknown): ErrorReason | null {
  return typeof value === 'string' && KNOWN.has(value) ? (value as ErrorReason) : null;
}

/** `extensions.bound` as the reason quotes it: a file size in MB, anything else as a number. */
function quoteBound(reason: ErrorReason, bound: number | null, locale: ReasonLocale): string {
  if (bound === null) return '';
  if (reason === ErrorReason.FileTooLarge) {
    const megabytes = bound / (1024 * 1024);
    return `${megabytes.toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
  }
  return bound.toLocaleString(locale);
}

/** The reason said to a person, in `locale`. */
export function describeReason(reason: ErrorReason, locale: ReasonLocale, bound: number | null = null): string {
  return REASON_TEXTS[locale][reason].replace('{bound}', quoteBound(reason, bound, locale));
}
