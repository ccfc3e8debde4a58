// The label ids: an API contract with the console, routing, reports and integrators.

export const INTENTS = [
  'billing_invoice',
  'payment_proof',
  'unlock_trust',
  'no_connection',
  'slow_connection',
  'intermittent',
  'wifi_router',
  'plan_change',
  'cancellation',
  'technical_visit',
  'address_change',
  'complaint',
  'greeting',
  'thanks',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

/** The WIT's five levels, written with underscores in the corpus. */
export const SENTIMENTS = ['very_negative', 'negative', 'neutral', 'positive', 'very_positive'] as const;
export type SentimentLevel = (typeof SENTIMENTS)[number];
