// What one replication's parts share: the options it was built with, and the state every part
// reads or writes (the kernel, the requests in flight, the compiled routes, the statistics). Built
// once by the Replication (engine.ts) and handed to each part.

import type { Kernel } from '../../kernel.js';
import type { Stream } from '../../random/stream.js';
import type { RequestPool } from '../flow/requests.js';
import type { RouteTable } from '../flow/routes.js';
import type { FlowStats } from '../record/flow-stats.js';
import type { ReplicationStats } from '../record/stats.js';
import type { RequestRecorder, TimeseriesRecorder } from '../record/recorders.js';
import type { AttributionRecorder } from '../record/attribution.js';
import type { VisitLog } from '../record/visit-log.js';
import type { CompileRate } from '../arrival-process.js';
import type { NetworkSpec } from '../spec.js';

export interface ReplicationOptions {
  readonly seed: number;
  /** Index of this replication: selects its random streams. */
  readonly replication: number;
  readonly horizon: number;
  /** Statistics are reset at this time (0: none). */
  readonly warmup: number;
  readonly percentiles: 'sketch' | 'exact';
  readonly sketchAccuracy: number;
  /** When > 0, sums end-to-end latency per window of this many seconds (warm-up detection). */
  readonly seriesWindow: number;
  /** When > 0, records a time series with windows of this many seconds (from time 0). */
  readonly timeseriesWindow: number;
  /** Records one row per request finished after warm-up. */
  readonly traceRequests: boolean;
  /** Records where each request's latency went along its critical path (record/attribution.ts). */
  readonly attribution?: boolean;
  /** Logs every agent visit (record/visit-log.ts), for exporting the replication's requests as traces. */
  readonly traceVisits?: boolean;
  /**
   * Compiles the spec's rate expressions (varying arrivals, predictive forecasts), which stay text in
   * the spec so that it is plain data; absent, a spec with an expression is refused.
   */
  readonly compileRate?: CompileRate;
}

/** The state of one replication that its parts share. */
export interface Shared {
  readonly kernel: Kernel;
  readonly spec: NetworkSpec;
  readonly options: ReplicationOptions;
  readonly pool: RequestPool;
  readonly routes: RouteTable;
  readonly stats: ReplicationStats;
  readonly flow: FlowStats;
  /** Optional recorders (ReplicationOptions.timeseriesWindow, traceRequests). */
  readonly timeseries: TimeseriesRecorder | undefined;
  readonly requests: RequestRecorder | undefined;
  /** ReplicationOptions.attribution. */
  readonly attribution: AttributionRecorder | undefined;
  readonly visitLog: VisitLog | undefined;
  /** The random stream of a named source, seeded by (seed, replication, source). */
  readonly stream: (source: string) => Stream;
  /** ReplicationOptions.compileRate, or one that refuses every expression. */
  readonly compileRate: CompileRate;
}
