// Station agents: c identical servers with one FCFS line and an optional capacity K (Kendall's
// M/M/c/K), and the time-weighted areas of their line and busy servers.

import { createSampler, type Sampler } from '../random/distributions.js';
import type { Stream } from '../random/stream.js';
import { IdQueue } from './id-queue.js';
import type { NetworkSpec } from './spec.js';
import type { AgentStats } from './stats.js';
import type { TimeseriesRecorder } from './recorders.js';

/** What stations need from the engine around them. */
export interface StationHost {
  /** Request r starts service now at agent a, for `duration` seconds. */
  startService(r: number, a: number, duration: number): void;
}

export class Stations {
  private readonly servers: Int32Array;
  private readonly capacity: Float64Array;
  private readonly busy: Int32Array;
  private readonly queues: IdQueue[];
  private readonly samplers: Sampler[];
  private readonly streams: Stream[];
  private readonly lastChange: Float64Array;
  private readonly host: StationHost;
  private readonly stats: AgentStats;
  private readonly timeseries: TimeseriesRecorder | undefined;

  constructor(spec: NetworkSpec, stream: (source: string) => Stream, host: StationHost, stats: AgentStats, timeseries: TimeseriesRecorder | undefined) {
    const n = spec.agents.length;
    this.servers = Int32Array.from(spec.agents, (a) => (a.kind === 'station' ? a.servers : 0));
    this.capacity = Float64Array.from(spec.agents, (a) => (a.kind === 'station' ? a.capacity : Infinity));
    this.busy = new Int32Array(n);
    this.queues = spec.agents.map(() => new IdQueue());
    this.samplers = spec.agents.map((a) => createSampler(a.kind === 'station' ? a.service : { dist: 'deterministic', value: 0 }));
    this.streams = spec.agents.map((a) => stream(`service:${a.name}`));
    this.lastChange = new Float64Array(n);
    this.host = host;
    this.stats = stats;
    this.timeseries = timeseries;
  }

  /** Request r arrives at station a: false when the station is full (r is rejected). */
  arrive(r: number, a: number, now: number): boolean {
    const queue = this.queues[a]!;
    const busy = this.busy[a]!;
    if (busy + queue.length >= this.capacity[a]!) return false;
    this.accrue(a, now);
    if (busy < this.servers[a]!) {
      this.busy[a] = busy + 1;
      this.host.startService(r, a, this.samplers[a]!.sample(this.streams[a]!));
    } else {
      queue.push(r);
    }
    return true;
  }

  /** A service at station a ended: the next in line starts, or a server goes idle. */
  depart(a: number, now: number): void {
    this.accrue(a, now);
    const queue = this.queues[a]!;
    if (queue.length > 0) this.host.startService(queue.shift(), a, this.samplers[a]!.sample(this.streams[a]!));
    else this.busy[a]!--;
  }

  /** Waiting and busy counts of agent a (for the time series). */
  waiting(a: number): number {
    return this.queues[a]!.length;
  }

  busyServers(a: number): number {
    return this.busy[a]!;
  }

  /**
   * Adds the time-weighted queue and busy-server areas of agent a up to `now`. The time series
   * integrates on its own clock, so recording it leaves these sums bit-for-bit unchanged.
   */
  accrue(a: number, now: number): void {
    this.timeseries?.accrue(a, now, this.queues[a]!.length, this.busy[a]!);
    const dt = now - this.lastChange[a]!;
    if (dt > 0) {
      this.stats.queueArea[a]! += this.queues[a]!.length * dt;
      this.stats.busyArea[a]! += this.busy[a]! * dt;
      this.lastChange[a] = now;
    }
  }
}
