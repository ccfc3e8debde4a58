// Small pt-BR/en lexicons: sentiment words with a weight, and stopwords that tell the language.
// Deliberately short: they decide clear cases and stay neutral (or silent) otherwise.

export const SENTIMENT: Readonly<Record<string, number>> = {
  // pt-BR
  obrigado: 1, obrigada: 1, valeu: 1, bom: 1, boa: 1, otimo: 2, otima: 2, excelente: 2, perfeito: 2,
  adorei: 2, parabens: 2, resolvido: 1, resolveu: 1, funcionando: 1, rapido: 1, maravilha: 2,
  ruim: -1, pessimo: -2, pessima: -2, horrivel: -2, absurdo: -2, lixo: -2, raiva: -2, vergonha: -2,
  insatisfeito: -2, insatisfeita: -2, reclamacao: -1, problema: -1, demora: -1, lenta: -1, lento: -1,
  caiu: -1, descaso: -2, procon: -2, palhacada: -2, cansado: -1, cansada: -1,
  // en
  thanks: 1, thank: 1, good: 1, great: 2, excellent: 2, perfect: 2, love: 2, awesome: 2, fixed: 1,
  working: 1, fast: 1, amazing: 2,
  bad: -1, terrible: -2, awful: -2, worst: -2, angry: -2, ridiculous: -2, unacceptable: -2,
  problem: -1, broken: -1, slow: -1, useless: -2, disappointed: -2, complaint: -1,
};

/** Words that flip the sentiment of the next two words ("não está bom", "not good"). */
export const NEGATIONS: ReadonlySet<string> = new Set(['nao', 'nem', 'nunca', 'not', 'never', 'dont', "don't", 'isnt', 'doesnt']);

// Frequent function words of one language that are not words of the other ("a", "no", "do", "as"
// and "e" are left out: they are common in both).
export const STOPWORDS: Readonly<Record<'pt-BR' | 'en', ReadonlySet<string>>> = {
  'pt-BR': new Set([
    'de', 'que', 'o', 'os', 'da', 'das', 'dos', 'em', 'um', 'uma', 'para', 'pra', 'com', 'nao', 'na', 'nas', 'nos', 'por', 'mais',
    'mas', 'meu', 'minha', 'esta', 'estou', 'ta', 'voce', 'vcs', 'eu', 'ele', 'ela', 'isso', 'esse', 'essa', 'ja', 'sim',
    'oi', 'ola', 'obrigado', 'obrigada', 'quero', 'preciso', 'tem', 'sem', 'foi', 'ser', 'muito', 'tambem', 'aqui', 'hoje',
    'ainda', 'qual', 'quando', 'como', 'porque', 'pois', 'seu', 'sua', 'bom', 'dia', 'tarde', 'noite',
  ]),
  en: new Set([
    'the', 'and', 'is', 'to', 'of', 'in', 'it', 'my', 'you', 'i', 'not', 'for', 'on', 'with', 'this', 'that', 'was', 'are',
    'can', 'have', 'has', 'please', 'hi', 'hello', 'thanks', 'thank', 'want', 'need', 'what', 'when', 'why', 'how', 'be',
    'been', 'your', 'we', 'they', 'there', 'again', 'today', 'still', 'would', 'could', 'an', 'at', 'from', 'just',
  ]),
};
