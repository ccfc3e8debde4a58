// The built-in topic lists, in Portuguese and English. Matching ignores case and accents and works
// on whole words or phrases, so list each useful inflection ("cancelar", "cancelamento").
export type KeywordLists = Record<string, readonly string[]>;

export const DEFAULT_KEYWORDS: KeywordLists = {
  financeiro: [
    'boleto', 'boletos', 'fatura', 'faturas', 'pagamento', 'pagar', 'paguei', 'segunda via', 'pix', 'cobrança',
    'cobrado', 'cobrada', 'vencimento', 'débito', 'nota fiscal', 'mensalidade', 'desconto',
    'bill', 'invoice', 'invoices', 'payment', 'pay', 'paid', 'charge', 'charged', 'billing', 'due date', 'refund',
  ],
  'suporte-tecnico': [
    'internet', 'lenta', 'lento', 'caiu', 'caindo', 'sem sinal', 'sem internet', 'wi-fi', 'wifi', 'roteador', 'modem',
    'conexão', 'conectar', 'oscilando', 'fibra', 'velocidade', 'ping', 'não funciona', 'sem conexão',
    'slow', 'down', 'no signal', 'router', 'connection', 'connect', 'offline', 'outage', 'speed', 'not working',
  ],
  cancelamento: [
    'cancelar', 'cancelamento', 'cancela', 'rescindir', 'rescisão', 'encerrar contrato', 'multa',
    'cancel', 'cancellation', 'terminate', 'termination', 'unsubscribe',
  ],
  comercial: [
    'plano', 'planos', 'upgrade', 'contratar', 'contratação', 'assinar', 'mudança de endereço', 'mudar de endereço',
    'instalação', 'mega', 'megas', 'combo', 'oferta', 'promoção',
    'plan', 'plans', 'subscribe', 'sign up', 'new address', 'change of address', 'moving', 'installation', 'offer',
  ],
};

/**
 * The effective lists: the `keywords` setting (JSON text) over the built-in ones. A label in the
 * setting replaces the built-in list of that label, a new one is added, an empty list removes it.
 * Throws on anything that is not a JSON object of string lists, so a typo is reported instead of
 * silently classifying with the wrong lists.
 */
export function keywordLists(setting: string | undefined): KeywordLists {
  if (setting === undefined || setting.trim() === '') return DEFAULT_KEYWORDS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(setting);
  } catch (error) {
    throw new Error(`keywords is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('keywords must be a JSON object of label → list of words');
  }
  const lists = new Map<string, readonly string[]>(Object.entries(DEFAULT_KEYWORDS));
  for (const [label, words] of Object.entries(parsed)) {
    if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) {
      throw new Error(`keywords.${label} must be a list of strings`);
    }
    if (words.length === 0) lists.delete(label);
    else lists.set(label, words as string[]);
  }
  return Object.fromEntries(lists);
}
