import { describe, expect, it } from 'vitest';
import { applyEvent, filterInput, type InboxEvent, type ListQuery, matches, mergePage, NO_FILTERS, type Row, sortRows, totalUnread, viewsFor, type Viewer } from './listState';
import { durationParts, slaLevel, waitOf } from './sla';

const viewer: Viewer = { id: 'u1', role: 'AGENT', teamIds: ['t1'] };

function row(id: string, overrides: Partial<Row> = {}): Row {
  return {
    id,
    protocol: `2026112700000${id}`,
    status: 'OPEN',
    priority: 'NORMAL',
    labels: [],
    queuedAt: null,
    firstResponseAt: '2026-11-27T09:00:00Z',
    lastActivityAt: '2026-11-27T10:00:00Z',
    createdAt: '2026-11-27T08:00:00Z',
    unreadCount: 0,
    waitingSince: null,
    sla: null,
    lastSeq: 1,
    contact: { id: `c${id}`, name: `Contact ${id}`, phone: null, email: null },
    inbox: { id: 'i1', name: 'Site', kind: 'WEB' },
    team: { id: 't1', name: 'Suporte' },
    assignee: { id: 'u1', name: 'Ana' },
    ...overrides,
  };
}

const event = (conversation: Row, kind: InboxEvent['kind'] = 'MESSAGE_CREATED'): InboxEvent => ({
  kind,
  seq: conversation.lastSeq,
  at: conversation.lastActivityAt,
  conversation,
  message: null,
});

const query = (view: ListQuery['view'], filters: Partial<ListQuery['filters']> = {}): ListQuery => ({ view, teamId: 't1', filters: { ...NO_FILTERS, ...filters } });

describe('views and filters', () => {
  it('gives agents their own, the queue and their team; supervisors and admins also all', () => {
    expect(viewsFor('AGENT')).toEqual(['mine', 'unassigned', 'team']);
    expect(viewsFor('SUPERVISOR')).toContain('all');
    expect(viewsFor('ADMIN')).toContain('all');
  });

  it('turns a view and its filters into the server filter', () => {
    expect(filterInput(query('mine'), viewer)).toEqual({ status: ['QUEUED', 'OPEN', 'PENDING'], assigneeId: 'u1' });
    expect(filterInput(query('unassigned', { status: 'QUEUED' }), viewer)).toEqual({ status: ['QUEUED'], unassigned: true });
    expect(filterInput(query('team', { inboxId: 'i2', label: 'fibra', priority: 'HIGH', search: '  sem sinal ' }), viewer))
      .toEqual({ status: ['QUEUED', 'OPEN', 'PENDING'], teamId: 't1', inboxId: 'i2', label: 'fibra', priority: 'HIGH', search: 'sem sinal' });
    expect(filterInput(query('all', { status: 'RESOLVED' }), viewer)).toEqual({ status: ['RESOLVED'] });
  });

  it('matches a conversation against the view and every filter', () => {
    expect(matches(row('1'), query('mine'), viewer)).toBe(true);
    expect(matches(row('1', { assignee: { id: 'u2', name: 'Bia' } }), query('mine'), viewer)).toBe(false);
    expect(matches(row('1', { assignee: null, status: 'QUEUED' }), query('unassigned'), viewer)).toBe(true);
    expect(matches(row('1'), query('unassigned'), viewer)).toBe(false);
    expect(matches(row('1', { team: { id: 't2', name: 'Financeiro' } }), query('team'), viewer)).toBe(false);
    expect(matches(row('1', { status: 'RESOLVED' }), query('all'), viewer)).toBe(false);
    expect(matches(row('1', { status: 'RESOLVED' }), query('all', { status: 'RESOLVED' }), viewer)).toBe(true);
    expect(matches(row('1', { labels: ['fibra'] }), query('all', { label: 'fibra' }), viewer)).toBe(true);
    expect(matches(row('1'), query('all', { label: 'fibra' }), viewer)).toBe(false);
    expect(matches(row('1'), query('all', { priority: 'URGENT' }), viewer)).toBe(false);
    expect(matches(row('1'), query('all', { inboxId: 'i9' }), viewer)).toBe(false);
  });
});

describe('live events', () => {
  it('puts a conversation with new activity first', () => {
    const rows = sortRows([row('1', { lastActivityAt: '2026-11-27T10:00:00Z' }), row('2', { lastActivityAt: '2026-11-27T09:00:00Z' })]);
    const updated = row('2', { lastActivityAt: '2026-11-27T10:05:00Z', unreadCount: 1, lastSeq: 2 });
    const next = applyEvent(rows, event(updated), query('mine'), viewer);
    expect(next.map((r) => r.id)).toEqual(['2', '1']);
    expect(next[0]?.unreadCount).toBe(1);
  });

  it('adds a new conversation that matches and ignores one that does not', () => {
    const rows = [row('1')];
    const queued = row('3', { status: 'QUEUED', assignee: null, lastActivityAt: '2026-11-27T11:00:00Z' });
    expect(applyEvent([], event(queued, 'CREATED'), query('unassigned'), viewer).map((r) => r.id)).toEqual(['3']);
    expect(applyEvent(rows, event(queued, 'CREATED'), query('mine'), viewer).map((r) => r.id)).toEqual(['1']);
  });

  it('removes a conversation that no longer matches (claimed by someone else, resolved)', () => {
    const queued = row('3', { status: 'QUEUED', assignee: null });
    const claimed = row('3', { status: 'OPEN', assignee: { id: 'u2', name: 'Bia' }, lastSeq: 2 });
    expect(applyEvent([queued], event(claimed, 'ASSIGNED'), query('unassigned'), viewer)).toEqual([]);
    const resolved = row('1', { status: 'RESOLVED', lastSeq: 5 });
    expect(applyEvent([row('1')], event(resolved, 'STATUS_CHANGED'), query('mine'), viewer)).toEqual([]);
  });

  it('ignores an event older than the row it would replace', () => {
    const fresh = row('1', { lastSeq: 9, unreadCount: 0 });
    const stale = row('1', { lastSeq: 7, unreadCount: 3 });
    expect(applyEvent([fresh], event(stale), query('mine'), viewer)).toEqual([fresh]);
  });

  it('while searching, only updates rows the server found', () => {
    const searched = query('all', { search: 'boleto' });
    const other = row('5', { lastActivityAt: '2026-11-27T12:00:00Z' });
    expect(applyEvent([row('1')], event(other), searched, viewer).map((r) => r.id)).toEqual(['1']);
    const updated = row('1', { unreadCount: 2, lastSeq: 3 });
    expect(applyEvent([row('1')], event(updated), searched, viewer)[0]?.unreadCount).toBe(2);
  });

  it('merges pages without duplicates and counts unread messages', () => {
    const merged = mergePage([row('1', { unreadCount: 2 })], [row('1'), row('2', { unreadCount: 3 })]);
    expect(merged.map((r) => r.id)).toEqual(['1', '2']);
    expect(totalUnread(merged)).toBe(5);
  });
});

describe('waiting time and SLA', () => {
  it('counts the wait from the host waitingSince: in the queue, for the first answer, for a reply', () => {
    const since = '2026-11-27T09:30:00Z';
    expect(waitOf(row('1', { status: 'QUEUED', waitingSince: since }))).toEqual({ kind: 'queue', since: Date.parse(since) });
    expect(waitOf(row('1', { firstResponseAt: null, waitingSince: since }))?.kind).toBe('firstResponse');
    expect(waitOf(row('1', { waitingSince: since }))).toEqual({ kind: 'reply', since: Date.parse(since) });
    expect(waitOf(row('1'))).toBeNull();
    expect(waitOf(row('1', { status: 'PENDING', waitingSince: since }))).toBeNull();
  });

  it('colours the badge by the host standing and moves it on at atRiskAt and dueAt', () => {
    const next = { target: 'FIRST_RESPONSE' as const, atRiskAt: '2026-11-27T10:22:30Z', dueAt: '2026-11-27T10:30:00Z' };
    const onTrack = row('1', { sla: { state: 'ON_TRACK', next } });
    expect(slaLevel(row('1'), Date.parse('2026-11-27T12:00:00Z'))).toBe('ok');
    expect(slaLevel(onTrack, Date.parse('2026-11-27T10:22:00Z'))).toBe('ok');
    expect(slaLevel(onTrack, Date.parse('2026-11-27T10:23:00Z'))).toBe('warning');
    expect(slaLevel(onTrack, Date.parse('2026-11-27T10:30:01Z'))).toBe('breached');
    expect(slaLevel(row('1', { sla: { state: 'AT_RISK', next } }), Date.parse('2026-11-27T10:00:00Z'))).toBe('warning');
    // A target missed earlier stays red even when the running one is far off.
    expect(slaLevel(row('1', { sla: { state: 'BREACHED', next } }), Date.parse('2026-11-27T10:00:00Z'))).toBe('breached');
  });

  it('splits a wait for display', () => {
    expect(durationParts(42_000)).toEqual({ unit: 's', value: 42 });
    expect(durationParts(7 * 60_000 + 5_000)).toEqual({ unit: 'min', value: 7 });
    expect(durationParts(125 * 60_000)).toEqual({ unit: 'h', value: 2, rest: 5 });
    expect(durationParts(3 * 24 * 3600_000 + 1)).toEqual({ unit: 'd', value: 3 });
  });
});
