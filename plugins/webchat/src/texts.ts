// What a visitor is told when the plugin refuses their message, in their widget's language.
export type Locale = 'pt-BR' | 'en';

/** `pt-BR` unless the host says the visitor reads English. */
export function localeOf(header: string | undefined): Locale {
  return header?.trim().toLowerCase().startsWith('en') === true ? 'en' : 'pt-BR';
}

const TEXTS = {
  'pt-BR': {
    empty: 'A mensagem está vazia.',
    tooLong: (max: number, length: number) => `A mensagem tem ${length} caracteres; o máximo é ${max}.`,
    fileType: (type: string) => `Arquivos do tipo ${type} não são aceitos neste chat.`,
    choice: 'A opção escolhida não é válida.',
  },
  en: {
    empty: 'The message is empty.',
    tooLong: (max: number, length: number) => `The message has ${length} characters; the limit is ${max}.`,
    fileType: (type: string) => `Files of type ${type} are not accepted in this chat.`,
    choice: 'The chosen option is not valid.',
  },
} as const;

export function texts(locale: Locale): (typeof TEXTS)[Locale] {
  return TEXTS[locale];
}
