import { describe, expect, it } from 'vitest';
import { auditFilter } from './audit';

describe('audit filter', () => {
  it('leaves out empty fields and turns local times into instants', () => {
    expect(auditFilter({ action: ' ', targetType: '', targetId: '', since: '', until: '' })).toEqual({});
    const filter = auditFilter({ action: ' plugin. ', targetType: 'team', targetId: 'abc', since: '2026-11-01T08:00', until: 'nonsense' });
    expect(filter.action).toBe('plugin.');
    expect(filter.targetType).toBe('team');
    expect(filter.targetId).toBe('abc');
    expect(filter.since).toBe(new Date('2026-11-01T08:00').toISOString());
    expect(filter.until).toBeUndefined();
  });
});
