import { num, int, text, constant, enumOf, ref, listOf, record, oneOf, anyOf, described, field, required } from './declare.js';
import { LIMITS } from './limits.js';

export const STATION_BALANCE = ['shared', 'round-robin', 'least-loaded', 'weighted', 'affinity'] as const;
export const POOL_BALANCE = [...STATION_BALANCE, 'capacity'] as const;
export const SIGNALS = ['queue', 'utilization', 'latency'] as const;

/** Capacity fields of a GPU pool and of a station: replicas balanced, scaled, failing, on spot, scaled to zero. */
export const POOL_CAPACITY = described(record({
  balance: field(ref('balance')),
  weights: field(ref('weights'), 'Only with `balance: weighted`, and required there: by replica slot, at least one per replica at the start and at most one per replica the pool can have (on-demand up to the autoscaler\'s `max`, then spot); slots beyond the list weigh 1. At least one weight above 0.', { shown: 'list of numbers ≥ 0' }),
  autoscale: field(ref('autoscale'), 'How the number of on-demand replicas changes.', { shown: 'map (below)' }),
  failures: field(ref('failures'), '[Distributions](#distributions): each replica fails after `time_to_failure` of serving (mean > 0) and is back after `repair`. Work in service resumes elsewhere (from its last checkpoint with `spot.checkpoint`, else from the start).'),
  spot: field(ref('spot'), 'Spot replicas, on top of the on-demand ones and outside the autoscaler.', { shown: 'map (below)' }),
  scale_to_zero: field(ref('scaleToZero'), 'After `idle` (a duration > 0) without a request every on-demand replica is released; the next request starts one, which serves after `cold_start` (a distribution).'),
}), 'Balancing (also `capacity`: the replica with the most free KV memory) and scaling of the replicas ([capacity](#capacity-replicas-balancing-autoscaling)). With any of them the pool\'s `replicas` are the replicas at the start and `price_per_hour` is their price, as for a station.', { defaultText: 'one shared line, fixed replicas' });

/** A station's capacity fields: its replicas and their price, and those of a pool (no `capacity` balance). */
export const STATION_CAPACITY = described(record({
  replicas: field(int({ min: 0, max: LIMITS.replicas.max }), 'Replicas at the start, each with `servers` servers and its own `capacity` (a pool\'s replicas: its usual field). 0 only with something that can add one (below).', { default: 1 }),
  ...POOL_CAPACITY.fields,
  balance: field(ref('balance'), '`shared`: one line for all replicas (work-conserving). The others give each replica its own line and pick a replica per request: in turn, the one holding fewest requests, by `weights`, the replica a session\'s first request went to (session affinity), or the one with the most free KV-cache memory. Only READY replicas get traffic: a failed, provisioning, draining or warned replica gets none.', { except: 'capacity', defaultText: '`shared`', shown: '`shared`, `round-robin`, `least-loaded`, `weighted`, `affinity`; pools also `capacity`' }),
  price_per_hour: field(num({ min: 0 }), 'Per replica-hour (`cost.replicas.<agent>`, in `cost.total`). A pool\'s usual field.', { default: 0, shown: 'dollars ≥ 0' }),
}), 'Replicas behind a load balancer and how their number changes ([capacity](#capacity-replicas-balancing-autoscaling)). `servers` and `capacity` are then per replica.', { defaultText: 'one replica' });

export const BALANCE = described(enumOf(POOL_BALANCE), 'How requests are spread over replicas: one shared line (default), round-robin, least-loaded, weighted (with `weights`), affinity (a session stays on one replica) or, for GPU pools only, capacity (most free KV memory). Only READY replicas get traffic.', { default: 'shared' });

export const WEIGHTS = described(listOf(num({ min: 0 })), 'With balance: weighted: one weight >= 0 per replica at the start (at least one > 0); replicas added later weigh 1.', { examples: [[3, 1]] });

export const AUTOSCALE = described(oneOf([
  described(record({
    kind: required(constant('reactive')),
    signal: required(enumOf(SIGNALS), 'Waiting requests (time-average), busy fraction of serving servers, or mean time at the agent of visits completed, over `window`.'),
    upper: required(anyOf([
      num({ min: 0 }),
      ref('duration'),
    ]), 'Threshold above which replicas are added: a count (queue), a fraction 0..1 (utilization) or a duration (latency); > lower.'),
    lower: required(anyOf([
      num({ min: 0 }),
      ref('duration'),
    ]), 'Threshold below which replicas are removed (same kind as upper).'),
    window: required(ref('duration'), 'Time the signal is averaged over (> 0).'),
    interval: field(ref('duration'), 'Time between evaluations (> 0); default: window.'),
    cooldown: field(ref('duration'), 'No action within this time of the previous one (>= 0); default 0.'),
    delay: field(ref('duration'), 'Provisioning delay: a replica added at t serves from t + delay; default 0.'),
    min: field(int({ min: 0, max: LIMITS.replicas.max }), 'Fewest on-demand replicas (<= replicas); default 1, or 0 when replicas is 0.'),
    max: required(int({ min: 0, max: LIMITS.replicas.max }), 'Most on-demand replicas (>= replicas); required.'),
    step: field(int({ min: 1, max: LIMITS.replicas.max }), 'Replicas added or removed per action.', { default: 1 }),
  }), 'Reactive: above `upper` adds `step` replicas, below `lower` removes them, with cooldown and provisioning delay.'),
  described(record({
    kind: required(constant('scheduled')),
    schedule: required(listOf(described(record({
      at: required(ref('duration'), 'Time of the change (from the start of the replication).'),
      replicas: required(int({ min: 0, max: LIMITS.replicas.max }), 'On-demand replicas from then on.'),
    }), 'A target from a time on.'), { minItems: 1 }), 'Targets in ascending time order, within the horizon.'),
    delay: field(ref('duration'), 'Provisioning delay of added replicas; default 0.'),
  }), 'Scheduled: at each `at` the target becomes `replicas` (added replicas serve `delay` later).'),
  described(record({
    kind: required(constant('predictive')),
    forecast: required(anyOf([
      ref('rate'),
      text(),
    ]), 'The forecast arrival rate: a rate, or an expression of t (seconds) such as "t < 3600 ? 2 : 6".'),
    per_replica: required(ref('rate'), 'The rate one replica sustains.'),
    headroom: field(num({ min: 0 }), 'Fraction of extra capacity, e.g. 0.2.', { default: 0 }),
    interval: required(ref('duration'), 'Time between evaluations (> 0).'),
    delay: field(ref('duration'), 'Provisioning delay; the forecast is read this far ahead; default 0.'),
    min: field(int({ min: 0, max: LIMITS.replicas.max }), 'Fewest on-demand replicas (<= replicas); default 1, or 0 when replicas is 0.'),
    max: required(int({ min: 0, max: LIMITS.replicas.max }), 'Most on-demand replicas (>= replicas); required.'),
  }), 'Predictive: every `interval`, replicas = ceil(forecast(t + delay) x (1 + headroom) / per_replica) within [min, max].'),
], { by: 'kind', object: true }), 'How the number of on-demand replicas changes: reactive (a signal against thresholds), scheduled (targets at given times) or predictive (a rate forecast plus headroom).');

export const FAILURES = described(record({
  time_to_failure: required(ref('distribution'), 'Serving time of a replica until it fails.'),
  repair: required(ref('distribution'), 'Time to repair a failed replica.'),
}), 'Replica failures and repairs.');

export const SPOT = described(record({
  replicas: required(int({ min: 1, max: LIMITS.replicas.max }), 'Spot replicas at the start.'),
  time_to_reclaim: required(ref('distribution'), 'A spot replica\'s life from when it starts serving.', { shown: 'distribution, mean > 0' }),
  notice: field(ref('duration'), 'Warning before the reclaim: from then the replica takes no new work.', { default: '0s' }),
  checkpoint: field(anyOf([
    ref('duration'),
    constant('never'),
  ]), 'Service time between checkpoints (0: continuously); work in service at a reclaim or failure resumes elsewhere from its last one.', { shown: 'duration, or `never`', default: 'never' }),
  replacement: field(ref('distribution'), 'Time until a replacement spot replica serves.', { defaultText: 'none (not replaced)', shown: 'distribution' }),
  price_per_hour: field(num({ min: 0 }), 'Per spot replica-hour.', { defaultText: 'the on-demand price', shown: 'dollars ≥ 0' }),
}), 'Spot replicas, on top of the on-demand ones and outside the autoscaler: reclaimed with notice, their work resuming elsewhere from its last checkpoint.');

export const SCALE_TO_ZERO = described(record({
  idle: required(ref('duration'), 'Idle time before scaling to zero (> 0).'),
  cold_start: required(ref('distribution'), 'Time for a replica to serve again from zero.'),
}), 'Releases every on-demand replica after `idle` without requests; the next request pays a cold start.');
