// From a customer's raw WhatsApp text to the tokens the model reads. Shared by the training
// script (Node) and the component (QuickJS): both must see exactly the same tokens.

/** WhatsApp spellings and abbreviations → the word they stand for (after accents are removed). */
const SPELLINGS: Readonly<Record<string, string>> = {
  vc: 'voce', vcs: 'voces', voceis: 'voces', pq: 'porque', q: 'que', tb: 'tambem', tbm: 'tambem',
  hj: 'hoje', qnd: 'quando', qdo: 'quando', qndo: 'quando', net: 'internet', mt: 'muito', mto: 'muito', mta: 'muita',
  blz: 'beleza', td: 'tudo', tds: 'todos', oq: 'o que', msg: 'mensagem', msgs: 'mensagens', cmg: 'comigo', n: 'nao',
  naum: 'nao', nn: 'nao', ss: 'sim', pfv: 'por favor', pf: 'por favor', pfvr: 'por favor', obg: 'obrigado',
  obgd: 'obrigado', obgda: 'obrigada', vlw: 'valeu', vlww: 'valeu', tmj: 'tamo junto', ngm: 'ninguem', nd: 'nada',
  agr: 'agora', dps: 'depois', hrs: 'horas', hr: 'hora', min: 'minutos', d: 'de', p: 'para', pra: 'para', pro: 'para o',
  cel: 'celular', fds: 'fim de semana', ctz: 'certeza', mds: 'meu deus', aq: 'aqui', kd: 'cade', eh: 'e', tah: 'esta', ta: 'esta', wifi: 'wi fi',
  zap: 'whatsapp', wpp: 'whatsapp', whats: 'whatsapp', u: 'you', ur: 'your', pls: 'please', plz: 'please',
  thx: 'thanks', ty: 'thanks', tks: 'thanks', idk: 'i dont know', rn: 'right now', asap: 'as soon as possible',
  im: 'i am', cant: 'cannot', mb: 'mega', mbps: 'mega', megas: 'mega',
  gb: 'giga', gbps: 'giga', gigas: 'giga', router: 'roteador',
};

/** Lower case, accents removed, runs of three or more of one letter squeezed to one ("oiii" → "oi"). */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/(\p{L})\1{2,}/gu, '$1');
}

const EMOJI = /\p{Extended_Pictographic}/u;
const TOKEN = /\p{Extended_Pictographic}|[\p{L}\p{N}]+|[!?]/gu;

/**
 * The words of a message after WhatsApp spellings are spelled out; emoji and `!`/`?` are kept as
 * tokens of their own, numbers become their shape (`#3` for three digits) so "500 mega" and
 * "300 mega" read alike and a CPF does not become a word of its own.
 */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const match of normalize(text).matchAll(TOKEN)) {
    const raw = match[0];
    if (/^\p{N}+$/u.test(raw)) {
      out.push(`#${Math.min(raw.length, 6)}`);
      continue;
    }
    const spelled = EMOJI.test(raw) ? raw : (SPELLINGS[raw] ?? raw);
    for (const word of spelled.split(' ')) out.push(word);
  }
  return out;
}

/** Share of letters written in upper case, over messages with at least 8 letters (shouting). */
export function shouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 8) return false;
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  return upper / letters.length > 0.6;
}
