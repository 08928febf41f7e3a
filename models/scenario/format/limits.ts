// The largest size each scenario field may have. The engine keeps state for every server, replica
// slot, batch slot, cache key, fork branch and session, and one event calendar of at most 2^24
// pending events (sim/kernel.ts); each maximum keeps one field's state far below what a machine
// holds (a few hundred MB at most) and its events inside the calendar. Whether a whole run fits —
// the sizes together, times the traffic and the horizon — is estimated before it starts
// (models/run/footprint.ts). docs/scenario-reference.md (Limits) documents the table.


export const LIMITS = {
  servers: { max: 1_000_000, why: 'each busy server holds a pending event' },
  replicas: { max: 100_000, why: 'each replica slot holds its own line, statistics and, on a GPU pool, max_batch slots' },
  maxBatch: { max: 65_536, why: 'each replica holds two slots per batch entry' },
  cacheKeys: { max: 16_777_216, why: 'the engine holds 8 to 24 bytes per key, allocated when the run starts' },
  forkCount: { max: 1_000, why: 'each copy is a request of its own' },
  population: { max: 1_000_000, why: 'each session holds a pending event and its own state' },
  replications: { max: 100_000, why: 'results keep every replication\'s metrics' },
  erlangK: { max: 1_000, why: 'each sample draws k exponentials' },
  timelineEvents: { max: 10_000, why: 'each event is a segment of every replication and a mark in the report' },
} as const satisfies Record<string, { readonly max: number; readonly why: string }>;
