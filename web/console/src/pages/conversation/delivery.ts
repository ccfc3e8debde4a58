/**
 * Delivery state of outgoing messages only moves forward: events and history pages can arrive
 * out of order (a replayed `DELIVERY_UPDATED` after a fresher page), and a "read" tick must not
 * fall back to "sent". A failure is final for that message; a retry is a new message.
 */
import type { DeliveryState } from '../../gql/graphql';

const rank: Record<DeliveryState, number> = { PENDING: 0, SENT: 1, DELIVERED: 2, READ: 3, FAILED: 4 };

/** The state to show when `current` is known and `incoming` arrives. */
export function advanceDelivery(current: DeliveryState, incoming: DeliveryState): DeliveryState {
  if (current === 'FAILED') return current;
  // A channel may report a failure after "sent", never after the customer got the message.
  if (incoming === 'FAILED') return current === 'DELIVERED' || current === 'READ' ? current : 'FAILED';
  return rank[incoming] > rank[current] ? incoming : current;
}

/** The ticks shown for a state: ✓ sent, ✓✓ delivered, ✓✓ coloured read, ! failed. */
export function deliveryTicks(state: DeliveryState): string {
  switch (state) {
    case 'PENDING': return '◷';
    case 'SENT': return '✓';
    case 'DELIVERED':
    case 'READ': return '✓✓';
    case 'FAILED': return '!';
  }
}
