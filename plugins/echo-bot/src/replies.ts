// The bot's texts, per language. Kept apart from the decision so a translation never touches logic.
export type Language = 'pt-BR' | 'en';
export const LANGUAGES: readonly Language[] = ['pt-BR', 'en'];

export const replies: Record<Language, { echo: (text: string) => string; nothingToEcho: string; handoff: string; summary: (text: string) => string }> = {
  'pt-BR': {
    echo: (text) => `Você disse: "${text}"`,
    nothingToEcho: 'Recebi sua mensagem, mas só consigo repetir textos. Escreva "atendente" para falar com uma pessoa.',
    handoff: 'Certo! Vou transferir você para um atendente. Aguarde um momento, por favor.',
    summary: (text) => `O cliente pediu atendimento humano. Última mensagem: "${text}"`,
  },
  en: {
    echo: (text) => `You said: "${text}"`,
    nothingToEcho: 'I got your message, but I can only repeat text. Write "agent" to talk to a person.',
    handoff: "Sure! I'm transferring you to an agent. Please hold on.",
    summary: (text) => `The customer asked for a human. Last message: "${text}"`,
  },
};
