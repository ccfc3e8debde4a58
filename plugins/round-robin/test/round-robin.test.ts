import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHost, fixtures, loadComponent } from '@ispchat/plugin-sdk/testing';
import type { RouterExports } from '@ispchat/plugin-sdk/testing';
import type { Candidate, RoutingDecision } from '@ispchat/plugin-sdk';
import { route } from '../src/index';
import { FORGET_AFTER_MS, MAX_REMEMBERED, pick, remember } from '../src/rotation';

const manifest = new URL('../plugin.toml', import.meta.url);
const wasm = new URL('../dist/round-robin.wasm', import.meta.url);
let host: FakeHost | undefined;
afterEach(() => host?.uninstall());

const agents = (): Candidate[] => [
  fixtures.candidate({ agentId: 'ana', idleMs: 10_000 }),
  fixtures.candidate({ agentId: 'bruno', idleMs: 30_000 }),
  fixtures.candidate({ agentId: 'carla', idleMs: 20_000 }),
];

const assigned = (decision: RoutingDecision): string => (decision.tag === 'assign' ? decision.val : decision.tag);

describe('rotation rule', () => {
  test('never-assigned agents go first, longest idle first', () => {
    assert.equal(pick(agents(), {})?.agentId, 'bruno');
    assert.equal(pick(agents(), { bruno: 5 })?.agentId, 'carla');
  });

  test('the least recently assigned wins over idle time', () => {
    assert.equal(pick(agents(), { ana: 1, bruno: 3, carla: 2 })?.agentId, 'ana');
  });

  test('only online agents below their limit are available', () => {
    const list = [
      fixtures.candidate({ agentId: 'away', presence: 'away' }),
      fixtures.candidate({ agentId: 'busy', presence: 'busy' }),
      fixtures.candidate({ agentId: 'offline', presence: 'offline' }),
      fixtures.candidate({ agentId: 'full', activeConversations: 3, maxConversations: 3 }),
      fixtures.candidate({ agentId: 'zero-limit', maxConversations: 0 }),
    ];
    assert.equal(pick(list, {}), undefined);
    assert.equal(pick([...list, fixtures.candidate({ agentId: 'free', activeConversations: 2 })], {})?.agentId, 'free');
  });

  test('remember forgets old and excess entries', () => {
    const now = 10 * FORGET_AFTER_MS;
    const old = remember({ gone: now - FORGET_AFTER_MS, kept: now - 1 }, 'new', now);
    assert.deepEqual(Object.keys(old).sort(), ['kept', 'new']);
    const many = Object.fromEntries(Array.from({ length: MAX_REMEMBERED + 50 }, (_, i) => [`a${i}`, now - i - 1]));
    const bounded = remember(many, 'latest', now);
    assert.equal(Object.keys(bounded).length, MAX_REMEMBERED);
    assert.ok('latest' in bounded && 'a0' in bounded && !(`a${MAX_REMEMBERED + 49}` in bounded));
  });
});

describe('round-robin (source)', () => {
  test('rotates through the available agents and remembers the rotation in kv', () => {
    host = FakeHost.forPlugin(manifest).install();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      order.push(assigned(route(fixtures.routingRequest({ candidates: agents() }))));
      host.clock.advance(1000);
    }
    assert.deepEqual(order, ['bruno', 'carla', 'ana', 'bruno', 'carla', 'ana']);
    const rotation = JSON.parse(host.kvSnapshot()['rotation'] ?? '{}') as Record<string, number>;
    assert.deepEqual(Object.keys(rotation).sort(), ['ana', 'bruno', 'carla']);
  });

  test('abstains when nobody is available', () => {
    host = FakeHost.forPlugin(manifest).install();
    const decision = route(fixtures.routingRequest({ candidates: [fixtures.candidate({ presence: 'away' })] }));
    assert.deepEqual(decision, { tag: 'abstain' });
    assert.deepEqual(route(fixtures.routingRequest({ candidates: [] })), { tag: 'abstain' });
  });

  test('with an overflow team, nobody available moves it there, at the overflow priority', () => {
    host = FakeHost.forPlugin(manifest, { settings: { 'overflow-team': 'Plantão', 'overflow-priority': 'high' } }).install();
    const nobody = fixtures.routingRequest({ candidates: [fixtures.candidate({ presence: 'offline' })] });
    assert.deepEqual(route(nobody), { tag: 'enqueue', val: { team: 'Plantão', priority: 'high', ext: '' } });
    // Someone available still gets it; the overflow team's own queue never overflows into itself.
    assert.equal(assigned(route(fixtures.routingRequest({ candidates: agents() }))), 'bruno');
    const there = fixtures.routingRequest({ candidates: [] });
    assert.deepEqual(route({ ...there, queue: { ...there.queue, teamId: 'Plantão' } }), { tag: 'abstain' });
  });

  test('a concurrent assignment between read and write is not overwritten', () => {
    const racing = FakeHost.forPlugin(manifest).install();
    host = racing;
    const kvImports = racing.imports['ispchat:host/kv@1.0.0'];
    const cas = kvImports.compareAndSwap;
    let raced = false;
    // Another router call assigns bruno after this one has read the rotation.
    kvImports.compareAndSwap = (key, expected, value, ttl) => {
      if (!raced) {
        raced = true;
        kvImports.set(key, new TextEncoder().encode(JSON.stringify({ bruno: racing.clock.now() })), undefined);
      }
      return cas(key, expected, value, ttl);
    };
    assert.equal(assigned(route(fixtures.routingRequest({ candidates: agents() }))), 'carla');
    const rotation = JSON.parse(host.kvSnapshot()['rotation'] ?? '{}') as Record<string, number>;
    assert.deepEqual(Object.keys(rotation).sort(), ['bruno', 'carla']);
  });

  test('without kv it still assigns, to the longest idle agent', () => {
    host = new FakeHost({ manifest: { ...FakeHost.forPlugin(manifest).manifest, capabilities: { kv: false, http: { hosts: [] }, secrets: {} } } }).install();
    assert.equal(assigned(route(fixtures.routingRequest({ candidates: agents() }))), 'bruno');
    assert.equal(host.logs[0]?.level, 'warn');
    assert.match(host.logs[0]?.fields['error'] ?? '', /denied/);
  });
});

describe('round-robin (built component)', () => {
  test('the component rotates with the same kv', async () => {
    const fake = FakeHost.forPlugin(manifest);
    const plugin = await loadComponent<RouterExports>(wasm, fake);
    const order = [0, 1, 2, 3].map(() => {
      fake.clock.advance(1000);
      return assigned(plugin.route(fixtures.routingRequest({ candidates: agents() })));
    });
    assert.deepEqual(order, ['bruno', 'carla', 'ana', 'bruno']);
    assert.deepEqual(plugin.route(fixtures.routingRequest({ candidates: [] })), { tag: 'abstain' });
  });
});
