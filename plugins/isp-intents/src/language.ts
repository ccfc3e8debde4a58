// pt-BR or English, from function words of one language that are not words of the other.
import { tokens } from './text';

const PORTUGUESE: ReadonlySet<string> = new Set([
  'de', 'que', 'o', 'os', 'da', 'das', 'dos', 'em', 'um', 'uma', 'para', 'com', 'nao', 'na', 'nas', 'nos', 'por', 'mais',
  'mas', 'meu', 'minha', 'esta', 'estou', 'voce', 'voces', 'eu', 'ele', 'ela', 'isso', 'esse', 'essa', 'ja', 'sim', 'oi',
  'ola', 'obrigado', 'obrigada', 'quero', 'preciso', 'tem', 'sem', 'foi', 'ser', 'muito', 'tambem', 'aqui', 'hoje',
  'ainda', 'qual', 'quando', 'como', 'porque', 'pois', 'seu', 'sua', 'bom', 'dia', 'tarde', 'noite', 'tudo', 'to',
]);
const ENGLISH: ReadonlySet<string> = new Set([
  'the', 'and', 'is', 'of', 'in', 'it', 'my', 'you', 'i', 'not', 'for', 'on', 'with', 'this', 'that', 'was', 'are',
  'can', 'have', 'has', 'please', 'hi', 'hello', 'thanks', 'thank', 'want', 'need', 'what', 'when', 'why', 'how', 'be',
  'been', 'your', 'we', 'they', 'there', 'again', 'today', 'still', 'would', 'could', 'an', 'at', 'from', 'just', 'am',
  'hey', 'working', 'since', 'morning', 'good', 'bill', 'yes', 'right', 'now', 'dont', 'know', 'soon',
]);

/** `pt-BR` or `en` when one language's words outnumber the other's; undefined when unsure. */
export function languageOf(text: string): 'pt-BR' | 'en' | undefined {
  let pt = (text.toLowerCase().match(/[ãõçáéíóúâêôà]/gu) ?? []).length > 0 ? 1 : 0;
  let en = 0;
  for (const token of tokens(text)) {
    if (PORTUGUESE.has(token)) pt++;
    if (ENGLISH.has(token)) en++;
  }
  if (pt > en) return 'pt-BR';
  if (en > pt) return 'en';
  return undefined;
}
