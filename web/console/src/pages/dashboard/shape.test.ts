import { describe, expect, it } from 'vitest';
import { agentSeries, applyPresence, type DashboardData, describeSince, formatDuration, formatScore, presenceCounts, queueSeries, statusSeries, timeSeries } from './shape';

function dashboard(overrides: Partial<DashboardData> = {}): DashboardData {
  return {
    since: '2026-11-27T03:00:00Z',
    timezone: 'America/Sao_Paulo',
    generatedAt: '2026-11-27T13:00:00Z',
    team: null,
    counts: { bot: 1, queued: 3, open: 5, pending: 2, snoozed: 0 },
    createdToday: 9,
    resolvedToday: 4,
    queues: [],
    agents: [
      { user: { id: 'a', name: 'Ana' }, presence: 'ONLINE', presenceSince: '2026-11-27T11:00:00Z', activeConversations: 3 },
      { user: { id: 'b', name: 'Bruno' }, presence: 'AWAY', presenceSince: '2026-11-27T12:00:00Z', activeConversations: 1 },
      { user: { id: 'c', name: 'Carla' }, presence: 'OFFLINE', presenceSince: null, activeConversations: 0 },
    ],
    firstResponse: { count: 2, averageSeconds: 90, medianSeconds: 60 },
    resolution: { count: 0, averageSeconds: null, medianSeconds: null },
    satisfaction: { count: 3, average: 4.333 },
    ...overrides,
  };
}

describe('dashboard data shaping', () => {
  it('gives the status chart every status in a fixed order with labels in the language', () => {
    const data = dashboard();
    expect(statusSeries(data.counts, 'pt-BR')).toEqual({
      labels: ['Com o robô', 'Na fila', 'Em atendimento', 'Aguardando cliente', 'Adiadas'],
      values: [1, 3, 5, 2, 0],
    });
    expect(statusSeries(data.counts, 'en').labels[1]).toBe('Queued');
  });

  it('orders queues by team name with the no-team queue last, waits in minutes', () => {
    const queues: DashboardData['queues'] = [
      { team: null, length: 1, longestWaitSeconds: 30, averageWaitSeconds: 30 },
      { team: { id: 't2', name: 'Suporte' }, length: 4, longestWaitSeconds: 754, averageWaitSeconds: 300 },
      { team: { id: 't1', name: 'Financeiro' }, length: 2, longestWaitSeconds: 120, averageWaitSeconds: 60 },
    ];
    const series = queueSeries(queues, 'pt-BR');
    expect(series.labels).toEqual(['Financeiro', 'Suporte', 'Sem equipe']);
    expect(series.lengths).toEqual([2, 4, 1]);
    expect(series.longestWaitMinutes).toEqual([2, 12.6, 0.5]);
    expect(series.rows.map((row) => row.team?.id ?? null)).toEqual(['t1', 't2', null]);
    expect(queueSeries(queues, 'en').labels[2]).toBe('No team');
  });

  it('charts agents by load with their presence and counts who is online', () => {
    const data = dashboard();
    expect(agentSeries(data.agents)).toEqual({ labels: ['Ana', 'Bruno', 'Carla'], values: [3, 1, 0], presences: ['ONLINE', 'AWAY', 'OFFLINE'] });
    expect(presenceCounts(data.agents)).toEqual({ ONLINE: 1, AWAY: 1, OFFLINE: 1 });
  });

  it('shows a presence change at once for an agent it covers, and ignores others', () => {
    const data = dashboard();
    const changed = applyPresence(data, { userId: 'a', presence: 'AWAY', since: '2026-11-27T13:01:00Z' });
    expect(changed.agents[0]).toMatchObject({ presence: 'AWAY', presenceSince: '2026-11-27T13:01:00Z', activeConversations: 3 });
    expect(presenceCounts(changed.agents)).toEqual({ ONLINE: 0, AWAY: 2, OFFLINE: 1 });
    expect(data.agents[0]?.presence).toBe('ONLINE');
    expect(applyPresence(data, { userId: 'stranger', presence: 'ONLINE', since: '2026-11-27T13:01:00Z' })).toBe(data);
  });

  it('puts average and median side by side in minutes, none for what was not measured', () => {
    const data = dashboard();
    expect(timeSeries(data.firstResponse, data.resolution, 'en')).toEqual({
      labels: ['First response', 'Resolution'],
      averageMinutes: [1.5, null],
      medianMinutes: [1, null],
    });
  });
});

describe('durations and scores in pt-BR and en', () => {
  it('formats durations from seconds to days', () => {
    expect(formatDuration(42.4, 'pt-BR')).toBe('42 s');
    expect(formatDuration(59.6, 'pt-BR')).toBe('1 min');
    expect(formatDuration(425, 'pt-BR')).toBe('7 min 5 s');
    expect(formatDuration(3600, 'en')).toBe('1 h');
    expect(formatDuration(7500, 'en')).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400, 'en')).toBe('3 d');
    expect(formatDuration(86_400 + 4 * 3600 + 59, 'pt-BR')).toBe('1 d 4 h');
  });

  it('says nothing was measured with a dash, never zero', () => {
    expect(formatDuration(null, 'pt-BR')).toBe('—');
    expect(formatDuration(undefined, 'en')).toBe('—');
    expect(formatScore(null, 'pt-BR')).toBe('—');
  });

  it('writes the satisfaction average with the language decimal separator', () => {
    expect(formatScore(4.333, 'pt-BR')).toBe('4,3');
    expect(formatScore(4.333, 'en')).toBe('4.3');
    expect(formatScore(5, 'pt-BR')).toBe('5,0');
  });

  it('says what today means in the ISP zone, not the browser one', () => {
    // Midnight in São Paulo is 03:00 UTC; in Manaus (UTC-4) it is 04:00 UTC.
    expect(describeSince('2026-11-27T03:00:00Z', 'America/Sao_Paulo', 'pt-BR')).toBe('Hoje: desde 00:00 de 27/11/2026 (America/Sao_Paulo)');
    expect(describeSince('2026-11-27T04:00:00Z', 'America/Manaus', 'en')).toBe('Today: since 12:00 AM on 11/27/26 (America/Manaus)');
  });
});
