// Station agents: c identical servers with one FCFS line and an optional capacity K (Kendall's
// M/M/c/K), and the time-weighted areas of their line and busy servers. Stations with replicas or a
// priority discipline are delegated to a StationGroup, chosen once per agent.

import { createSampler, type Sampler } from '../../random/distributions.js';
import type { Stream } from '../../random/stream.js';
import { Deque } from './priority-queue.js';
import type { NetworkSpec } from '../spec.js';
import type { AgentStats } from '../record/stats.js';
import type { TimeseriesRecorder } from '../record/recorders.js';
import type { CapacityClock } from '../capacity/capacity-clock.js';
import { priorityLevels, priorityScale, ServiceBook, type GroupHost } from './service-book.js';
import { StationGroup } from './station-group.js';
import type { CompileRate } from '../arrival-process.js';

/** What stations need from the engine around them. */
export interface StationHost extends GroupHost {
  /** Request r starts service now at agent a, for `duration` seconds. */
  startService(r: number, a: number, duration: number): void;
}

export class Stations {
  private readonly servers: Int32Array;
  private readonly capacity: Float64Array;
  private readonly busy: Int32Array;
  private readonly queues: Deque[];
  private readonly samplers: Sampler[];
  private readonly streams: Stream[];
  private readonly lastChange: Float64Array;
  private readonly host: StationHost;
  private readonly stats: AgentStats;
  private readonly timeseries: TimeseriesRecorder | undefined;
  /** 1 where the agent is a StationGroup (replicas or a priority discipline). */
  private readonly grouped: Uint8Array;
  readonly groups: (StationGroup | undefined)[];
  /** Level per class, shared by every station with a priority discipline; the priority of each level. */
  private readonly levels: Int32Array;
  private readonly scale: readonly number[];
  /** Some station serves by priority ('priority' or 'preemptive'). */
  private readonly prioritised: boolean;

  constructor(
    spec: NetworkSpec, stream: (source: string) => Stream, compile: CompileRate, host: StationHost, stats: AgentStats,
    timeseries: TimeseriesRecorder | undefined, clock: CapacityClock,
  ) {
    const n = spec.agents.length;
    this.servers = Int32Array.from(spec.agents, (a) => (a.kind === 'station' ? a.servers : 0));
    this.capacity = Float64Array.from(spec.agents, (a) => (a.kind === 'station' ? a.capacity : Infinity));
    this.busy = new Int32Array(n);
    this.queues = spec.agents.map(() => new Deque());
    this.samplers = spec.agents.map((a) => createSampler(a.kind === 'station' ? a.service : { dist: 'deterministic', value: 0 }));
    this.streams = spec.agents.map((a) => stream(`service:${a.name}`));
    this.lastChange = new Float64Array(n);
    this.host = host;
    this.stats = stats;
    this.timeseries = timeseries;
    const levels = (this.levels = priorityLevels(spec));
    this.scale = priorityScale(spec);
    this.prioritised = spec.agents.some((agent) => agent.kind === 'station' && (agent.discipline ?? 'fcfs') !== 'fcfs');
    const book = new ServiceBook();
    this.groups = spec.agents.map((agent, a) =>
      agent.kind === 'station' && (agent.capacitySpec !== undefined || (agent.discipline ?? 'fcfs') !== 'fcfs')
        ? new StationGroup(a, agent, levels, this.scale.length, book, host, clock, stream, compile, stats, timeseries)
        : undefined);
    this.grouped = Uint8Array.from(this.groups, (g) => (g === undefined ? 0 : 1));
    spec.agents.forEach((agent, a) => { if (agent.kind === 'station' && this.grouped[a] === 0) timeseries?.setReplicas(a, 0, 1); });
  }

  /**
   * Class c's requests that join a line from now on (arriving, or put back after a preemption or
   * an eviction) take `priority`'s level at every station with a priority discipline; requests
   * already waiting keep theirs. False, changing nothing, when `priority` has no level (it is
   * neither a class's priority nor in `priorityValues`) or no station serves by priority.
   */
  setPriority(c: number, priority: number): boolean {
    const level = this.scale.indexOf(priority);
    if (level < 0 || !this.prioritised) return false;
    this.levels[c] = level;
    return true;
  }

  /** Request r arrives at station a: false when the station is full (r is rejected). */
  arrive(r: number, a: number, now: number): boolean {
    if (this.grouped[a] === 1) return this.groups[a]!.arrive(r, now);
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

  /** Request r's service at station a ended: the next in line starts, or a server goes idle. */
  depart(r: number, a: number, now: number): void {
    if (this.grouped[a] === 1) { this.groups[a]!.depart(r, now); return; }
    this.accrue(a, now);
    const queue = this.queues[a]!;
    if (queue.length > 0) this.host.startService(queue.shift(), a, this.samplers[a]!.sample(this.streams[a]!));
    else this.busy[a]!--;
  }

  /** Waiting and busy counts of agent a (for the time series). */
  waiting(a: number): number {
    return this.grouped[a] === 1 ? this.groups[a]!.waiting : this.queues[a]!.length;
  }

  busyServers(a: number): number {
    return this.grouped[a] === 1 ? this.groups[a]!.busyServers : this.busy[a]!;
  }

  /** Zeroes the replica statistics of grouped stations at `now` (the end of warm-up). */
  resetStatistics(now: number): void {
    for (const g of this.groups) g?.set.resetStatistics(now);
  }

  /**
   * Adds the time-weighted queue and busy-server areas of agent a up to `now`. The time series
   * integrates on its own clock, so recording it leaves these sums bit-for-bit unchanged.
   */
  accrue(a: number, now: number): void {
    if (this.grouped[a] === 1) { this.groups[a]!.accrue(now); return; }
    this.timeseries?.accrue(a, now, this.queues[a]!.length, this.busy[a]!);
    const dt = now - this.lastChange[a]!;
    if (dt > 0) {
      this.stats.queueArea[a]! += this.queues[a]!.length * dt;
      this.stats.busyArea[a]! += this.busy[a]! * dt;
      this.lastChange[a] = now;
    }
  }
}
