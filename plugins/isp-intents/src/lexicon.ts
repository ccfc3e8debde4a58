// Feeling words in pt-BR and English (accents removed, WhatsApp spellings already spelled out).
// They are cues the model weighs, not rules: a trained weight decides what each is worth.

export const NEGATIVE: ReadonlySet<string> = new Set([
  // pt-BR
  'ruim', 'pessimo', 'pessima', 'horrivel', 'absurdo', 'absurda', 'lixo', 'raiva', 'vergonha', 'insatisfeito',
  'insatisfeita', 'descaso', 'palhacada', 'cansado', 'cansada', 'demora', 'demorando', 'lenta', 'lento', 'caiu',
  'caindo', 'problema', 'problemas', 'reclamacao', 'reclamar', 'procon', 'anatel', 'processo', 'advogado', 'nunca',
  'ninguem', 'desrespeito', 'ridiculo', 'ridicula', 'inadmissivel', 'inaceitavel', 'cansei', 'prejuizo',
  'prejudicado', 'prejudicada', 'perdendo', 'pior', 'porcaria', 'merda', 'droga', 'saco', 'enrolando', 'enrolacao',
  'mentira', 'mentiram', 'irritado', 'irritada', 'decepcionado', 'decepcionada', 'chateado', 'chateada', 'triste',
  'preocupado', 'preocupada', 'urgente', 'socorro', 'infelizmente', 'falta', 'sem', 'nada', 'parou', 'travando',
  'oscilando', 'instavel', 'indignado', 'indignada', 'revoltado', 'revoltada', 'humilhante', 'vergonhoso',
  'roubo', 'ladroes', 'enganado', 'enganada', 'cobrado', 'errado', 'errada', 'indevida', 'indevido',
  // en
  'bad', 'terrible', 'awful', 'worst', 'angry', 'ridiculous', 'unacceptable', 'problem', 'broken', 'slow', 'useless',
  'disappointed', 'complaint', 'frustrated', 'frustrating', 'annoyed', 'upset', 'horrible', 'joke', 'scam', 'lawyer',
  'down', 'dead', 'nothing', 'nobody', 'never', 'again', 'worried', 'urgent', 'wrong', 'overcharged', 'sucks', 'fed',
  'disgrace', 'pathetic', 'losing', 'lost',
]);

export const POSITIVE: ReadonlySet<string> = new Set([
  // pt-BR
  'obrigado', 'obrigada', 'valeu', 'otimo', 'otima', 'excelente', 'perfeito', 'perfeita', 'adorei', 'amei',
  'parabens', 'resolvido', 'resolveu', 'funcionando', 'funcionou', 'rapido', 'rapida', 'maravilha', 'maravilhoso',
  'maravilhosa', 'show', 'top', 'beleza', 'legal', 'satisfeito', 'satisfeita', 'feliz', 'gentil',
  'atencioso', 'atenciosa', 'agradeco', 'grato', 'grata', 'demais', 'incrivel', 'sensacional', 'nota', 'melhor',
  'ajudou', 'eficiente', 'educado', 'educada', 'tranquilo', 'massa', 'gostei', 'gosto', 'sucesso', 'amo',
  // en
  'thanks', 'thank', 'good', 'great', 'excellent', 'perfect', 'love', 'awesome', 'fixed', 'working', 'fast',
  'amazing', 'appreciate', 'happy', 'helpful', 'nice', 'best', 'wonderful', 'fantastic', 'brilliant', 'cool',
  'glad', 'pleased', 'kind', 'solved', 'works',
]);

/** Words that flip the polarity of the next two words ("nao esta bom", "not good"). */
export const NEGATIONS: ReadonlySet<string> = new Set(['nao', 'nem', 'nunca', 'jamais', 'not', 'never', 'no', 'dont', 'isnt', 'doesnt', 'didnt', 'cannot', 'wasnt']);

export const INTENSIFIERS: ReadonlySet<string> = new Set([
  'muito', 'muita', 'demais', 'super', 'extremamente', 'totalmente', 'completamente', 'mesmo', 'tao', 'absolutamente',
  'very', 'so', 'really', 'extremely', 'totally', 'completely', 'absolutely',
]);

/** Words of anger, contempt or threat: what turns a complaint into a very negative one. */
export const ANGER: ReadonlySet<string> = new Set([
  'absurdo', 'absurda', 'palhacada', 'vergonha', 'vergonhoso', 'lixo', 'porcaria', 'merda', 'droga', 'inferno', 'ridiculo',
  'ridicula', 'inadmissivel', 'inaceitavel', 'procon', 'anatel', 'processo', 'processar', 'advogado', 'justica', 'reclameaqui',
  'descaso', 'desrespeito', 'roubo', 'ladroes', 'ladrao', 'safado', 'safados', 'pessimo', 'pessima', 'horrivel', 'cansei',
  'indignado', 'indignada', 'revoltado', 'revoltada', 'palhacos', 'enganacao', 'enrolacao', 'odio', 'nojo',
  'ridiculous', 'unacceptable', 'disgrace', 'pathetic', 'joke', 'scam', 'lawyer', 'sue', 'worst', 'terrible', 'awful',
  'useless', 'furious', 'hate', 'sick', 'fed', 'wtf', 'bullshit', 'crap', 'garbage', 'insane',
]);

export const HAPPY_EMOJI: ReadonlySet<string> = new Set(['😍', '🥰', '😊', '🙂', '😄', '😃', '😁', '🤩', '🙏', '👏', '❤', '💙', '💚', '👍', '🎉', '🥳', '😀', '🤗', '✨', '💯', '🤝', '😘']);
export const ANGRY_EMOJI: ReadonlySet<string> = new Set(['😡', '🤬', '😠', '😤', '👎', '💩', '😒', '🙄', '😩', '😫', '😭', '😢', '😞', '😔', '🤡', '😑']);
