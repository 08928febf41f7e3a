// The coordination sections loaded into exact resolved values: timeline events sorted by time (ties
// in file order) with classes, pools, station agents and objectives resolved to ids; thresholds in
// their metric's unit; the settings with their defaults; participants and the action catalogue;
// and nothing at all when a scenario writes none of these sections.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CoordinationSpec } from '../../../models/coordination/types.js';
import { scenarioFingerprint } from '../../../models/scenario/index.js';
import { COORD, MINIMAL, editCoord, load } from './fixtures.js';

const coordinationOf = (text: string, overrides: readonly string[] = []): CoordinationSpec => {
  const c = load(text, { overrides }).coordination;
  if (c === undefined) throw new Error('expected a coordination spec');
  return c;
};
/** COORD with its lines from..to (1-based, inclusive) blanked. */
const without = (from: number, to: number, replace: Readonly<Record<number, string>> = {}, append: readonly string[] = []) =>
  editCoord({ ...Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [from + i, '#'])), ...replace }, append);

const CHAT = 0;
const BATCH = 1;
const SHARED = { kind: 'pool', index: 0, name: 'shared' } as const;
const TOOLS = { kind: 'agent', index: 3, name: 'tools' } as const;

const s = suite('coordination sections load');

s('the full example: units converted, names resolved, the timeline sorted by time with ties in file order', () => {
  assert.equal(coordinationOf(COORD), {
    timeline: [
      { at: 1200, kind: 'set_rate', cls: CHAT, factor: 2 }, // line 26
      { at: 1200, kind: 'set_replicas', target: TOOLS, count: 3 }, // line 29, same time: after line 26
      { at: 1800, kind: 'set_rate_limit', cls: BATCH, rate: 2 }, // 120/min
      { at: 2400, kind: 'set_objective', objective: 0, threshold: 3 },
      { at: 2700, kind: 'set_replicas', target: SHARED, count: 1 }, // first in the file
    ],
    objectives: [
      { name: 'chat-p95', agent: 'chat-answer', metric: 'p95', cls: CHAT, threshold: 2, window: 60, priority: 2 },
      { name: 'batch-throughput', agent: 'batch-agent', metric: 'throughput', cls: BATCH, threshold: 1.8, window: 60, priority: 0 },
      { name: 'batch-rejections', agent: 'batch-gate', metric: 'rejected', cls: BATCH, threshold: 0.05, window: 60, priority: 0 },
    ],
    participants: [
      { name: 'chat-answer', upstream: ['batch-gate'], downstream: ['shared-autoscaler'], peers: ['batch-agent'] },
      { name: 'batch-gate', upstream: ['batch-scheduler'], downstream: [], peers: [] },
      { name: 'batch-agent', upstream: [], downstream: [], peers: [] },
      { name: 'batch-scheduler', upstream: [], downstream: [], peers: [] },
      { name: 'shared-autoscaler', upstream: [], downstream: [], peers: [] },
    ],
    actions: [
      { name: 'yield-batch', owner: 'batch-agent', effect: { kind: 'scale_rate', cls: BATCH, factor: 0.5 }, duration: 600, needs: [] },
      { name: 'throttle-batch', owner: 'batch-gate', effect: { kind: 'rate_limit', cls: BATCH, rate: 1 }, duration: 600, needs: ['defer-batch'] },
      { name: 'defer-batch', owner: 'batch-scheduler', effect: { kind: 'scale_rate', cls: BATCH, factor: 0.5 }, duration: 600, needs: [] },
      { name: 'add-replica', owner: 'shared-autoscaler', effect: { kind: 'replicas', target: SHARED, delta: 1, max: 3 }, duration: 600, needs: [] },
    ],
    settings: {
      enabled: true, period: 30, controlLatency: 0.5, messageLatency: 0.1, horizon: 60, confidence: 0.9, maxDepth: 2,
      validationHorizon: 600, validationWarmup: 60, validationReplications: 4,
    },
  });
});

s('an empty coordination block takes every default: enabled, 60 s period, horizon twice the period, 10 min validation', () => {
  assert.equal(coordinationOf(without(35, 41, { 34: 'coordination: {}' })).settings, {
    enabled: true, period: 60, controlLatency: 0.5, messageLatency: 0.1, horizon: 120, confidence: 0.9, maxDepth: 2,
    validationHorizon: 600, validationWarmup: 60, validationReplications: 4,
  });
  const written = coordinationOf(editCoord({
    35: '  enabled: false', 36: '  period: 2min', 37: '  control_latency: 0', 38: '  message_latency: 250ms', 39: '  confidence: 0.95', 40: '  max_depth: 3\n  horizon: 5min',
    41: '  validation: { horizon: 30min, warmup: 0s, replications: 8 }',
  })).settings;
  assert.equal(written, {
    enabled: false, period: 120, controlLatency: 0, messageLatency: 0.25, horizon: 300, confidence: 0.95, maxDepth: 3,
    validationHorizon: 1800, validationWarmup: 0, validationReplications: 8,
  });
  assert.is(coordinationOf(editCoord({ 41: '  validation: { replications: 2 }' })).settings.validationHorizon, 600);
});

s('without the coordination block: a timeline and objectives alone (local control), coordination disabled', () => {
  const c = coordinationOf(without(34, 52));
  assert.is(c.settings.enabled, false);
  assert.is(c.settings.period, 60);
  assert.equal([c.participants, c.actions], [[], []]);
  assert.is(c.timeline.length, 5);
  // Without participants, an objective's owner is any agent name.
  assert.equal(coordinationOf(without(34, 52, { 31: '  - { name: chat-p95, agent: owner, metric: p95, class: chat, threshold: 2s, window: 60s }' })).objectives[0]?.agent, 'owner');
  const timelineOnly = coordinationOf(without(30, 52, { 28: '#' }));
  assert.equal(timelineOnly.objectives, []);
  assert.equal(timelineOnly.timeline.map((e) => e.kind), ['set_rate', 'set_replicas', 'set_rate_limit', 'set_replicas']);
});

s('thresholds in the unit of the metric, for objectives and for set_objective', () => {
  const c = coordinationOf(editCoord({
    28: '  - { at: 40min, set_objective: { objective: batch-throughput, threshold: 90/min } }\n  - { at: 41min, set_objective: { objective: batch-rejections, threshold: 0 } }\n  - { at: 42min, set_objective: { objective: chat-p95, threshold: 2500ms } }',
    31: '  - { name: chat-p95, agent: chat-answer, metric: p99, class: chat, threshold: 1.5, window: 2min, priority: -1 }',
    32: '  - { name: batch-throughput, agent: batch-agent, metric: throughput, class: batch, threshold: 3600/h, window: 1min }',
    33: '  - { name: batch-rejections, agent: batch-gate, metric: rejected, class: batch, threshold: 1, window: 1min }\n  - { name: chat-mean, agent: chat-answer, metric: mean, class: chat, threshold: 800ms, window: 30s }',
  }));
  assert.equal(c.objectives.map((o) => [o.metric, o.threshold, o.window, o.priority]), [
    ['p99', 1.5, 120, -1], ['throughput', 1, 60, 0], ['rejected', 1, 60, 0], ['mean', 0.8, 30, 0],
  ]);
  const changes = c.timeline.filter((e) => e.kind === 'set_objective');
  assert.equal(changes, [
    { at: 2400, kind: 'set_objective', objective: 1, threshold: 1.5 },
    { at: 2460, kind: 'set_objective', objective: 2, threshold: 0 },
    { at: 2520, kind: 'set_objective', objective: 0, threshold: 2.5 },
  ]);
});

s('a rate expression can be scaled; a replicas action on a station; a negative delta removes replicas', () => {
  const c = coordinationOf(editCoord({
    13: '    arrivals: { process: poisson, rate: "2 + sin(t / 600)" }',
    52: '  - { name: add-replica, owner: shared-autoscaler, replicas: { agent: tools, delta: -1, max: 1 }, duration: 90s }',
  }));
  assert.equal(c.timeline[0], { at: 1200, kind: 'set_rate', cls: CHAT, factor: 2 });
  assert.equal(c.actions[3]?.effect, { kind: 'replicas', target: TOOLS, delta: -1, max: 1 });
  assert.is(c.actions[3]?.duration, 90);
});

s('--set reaches the new sections and is validated like the file', () => {
  const c = coordinationOf(COORD, ['coordination.enabled=false', 'timeline[1].at=5min', 'actions[0].scale_rate.factor=0.25']);
  assert.is(c.settings.enabled, false);
  assert.equal(c.timeline[0], { at: 300, kind: 'set_rate', cls: CHAT, factor: 2 });
  assert.equal(c.actions[0]?.effect, { kind: 'scale_rate', cls: BATCH, factor: 0.25 });
});

s('none of the sections: no coordination field (fingerprints of existing scenarios stay); with them the fingerprint differs', () => {
  const plain = load(MINIMAL);
  assert.not.ok('coordination' in plain);
  const network = load(without(24, 52));
  assert.not.ok('coordination' in network);
  assert.is.not(scenarioFingerprint(load(COORD)), scenarioFingerprint(network));
});

s.run();
