import { describe, expect, it } from 'vitest';
import { advanceDelivery, deliveryTicks } from './delivery';

describe('advanceDelivery', () => {
  it('moves forward', () => {
    expect(advanceDelivery('PENDING', 'SENT')).toBe('SENT');
    expect(advanceDelivery('SENT', 'DELIVERED')).toBe('DELIVERED');
    expect(advanceDelivery('DELIVERED', 'READ')).toBe('READ');
    expect(advanceDelivery('SENT', 'READ')).toBe('READ');
  });
  it('never moves back', () => {
    expect(advanceDelivery('READ', 'DELIVERED')).toBe('READ');
    expect(advanceDelivery('DELIVERED', 'SENT')).toBe('DELIVERED');
    expect(advanceDelivery('SENT', 'PENDING')).toBe('SENT');
  });
  it('fails only what the customer did not get, and a failure stays', () => {
    expect(advanceDelivery('SENT', 'FAILED')).toBe('FAILED');
    expect(advanceDelivery('PENDING', 'FAILED')).toBe('FAILED');
    expect(advanceDelivery('READ', 'FAILED')).toBe('READ');
    expect(advanceDelivery('FAILED', 'READ')).toBe('FAILED');
  });
});

describe('deliveryTicks', () => {
  it('tells sent from delivered', () => {
    expect(deliveryTicks('SENT')).not.toBe(deliveryTicks('DELIVERED'));
  });
});
