import { nowMs } from 'ispchat:host/clock@1.0.0';

/** The host's clock in milliseconds since the epoch (fake in tests). `Date.now()` and
 * `new Date()` read the same clock inside a component (see runtime/prelude.ts). */
export function now(): number {
  return nowMs();
}
