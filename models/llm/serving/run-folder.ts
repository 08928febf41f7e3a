// A benchmark run folder (../shared/data/serving/llmservingsim/runs/*): requests.jsonl (one request
// per line: token counts, arrival time and vLLM's timestamps), meta.json (engine settings),
// config.json (hardware) and an optional timeseries.csv (running/waiting requests per second).
// The workload and the measured latencies are kept apart, so what predicts a run cannot see what
// it is scored against.

import { numberAt, parseCsv } from './csv.js';
import { ServingDataError, shown } from './errors.js';

export interface RunFiles {
  readonly dir: string;
  readonly requests: { path: string; text: string };
  readonly meta: { path: string; text: string };
  readonly config: { path: string; text: string };
  readonly timeseries?: { path: string; text: string };
}

/** vLLM's engine settings that shape the schedule (meta.json engine_kwargs). */
export interface EngineSettings {
  readonly model: string;
  readonly tp: number;
  readonly dp: number;
  readonly expertParallel: boolean;
  readonly maxNumSeqs: number;
  readonly maxNumBatchedTokens: number;
  /** Longest prompt + output; undefined: the model's own context. */
  readonly maxModelLen: number | undefined;
}

/** The hardware of the run (config.json), as the replay needs it. */
export interface RunHardware {
  readonly hardware: string;
  /** GPU memory, bytes, and the fraction vLLM may use (gpu_memory_utilization). */
  readonly memoryBytes: number;
  readonly memoryUtilization: number;
  /** Interconnect between the GPUs: bytes per second, seconds. */
  readonly linkBandwidth: number;
  readonly linkLatency: number;
}

/** What is replayed: the requests as they reached the server, nothing it measured. */
export interface RunWorkload {
  /** Seconds from the first arrival, ascending. */
  readonly arrivals: Float64Array;
  readonly inputTokens: Int32Array;
  readonly outputTokens: Int32Array;
  /** 1-based line of each request in requests.jsonl (for messages). */
  readonly lines: Int32Array;
}

/** Latencies vLLM measured, seconds, per request (TPOT NaN for one output token). */
export interface MeasuredLatencies {
  readonly ttft: Float64Array;
  readonly tpot: Float64Array;
  readonly e2e: Float64Array;
}

export interface TimeseriesPoint { readonly t: number; readonly running: number; readonly waiting: number }

export interface BenchmarkRun {
  readonly dir: string;
  readonly requestsPath: string;
  readonly settings: EngineSettings;
  readonly hardware: RunHardware;
  readonly workload: RunWorkload;
  readonly measured: MeasuredLatencies;
  readonly timeseries: readonly TimeseriesPoint[] | undefined;
  /** Lines of the settings a profile must match, for messages: meta.json's model and TP size, config.json's hardware. */
  readonly lines: { readonly model: number; readonly tp: number; readonly hardware: number };
}

export function parseRunFolder(files: RunFiles): BenchmarkRun {
  return {
    dir: files.dir,
    requestsPath: files.requests.path,
    settings: parseMeta(files.meta.path, files.meta.text),
    hardware: parseConfig(files.config.path, files.config.text),
    ...parseRequests(files.requests.path, files.requests.text),
    timeseries: files.timeseries === undefined ? undefined : parseTimeseries(files.timeseries.path, files.timeseries.text),
    lines: { model: keyLine(files.meta.text, 'model'), tp: keyLine(files.meta.text, 'tensor_parallel_size'), hardware: keyLine(files.config.text, 'hardware') },
  };
}

function parseJson(path: string, text: string): Record<string, unknown> {
  let v: unknown;
  try { v = JSON.parse(text); } catch (e) {
    throw new ServingDataError(path, jsonErrorLine(text, e as Error), '(document)', 'JSON', shown((e as Error).message));
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ServingDataError(path, 1, '(document)', 'a JSON object', shown(v));
  return v as Record<string, unknown>;
}

/** The line a JSON.parse error points at: by its position, or by the text it quotes around an unexpected token (Node 20+). */
function jsonErrorLine(text: string, e: Error): number {
  const lineOfOffset = (i: number) => text.slice(0, i).split('\n').length;
  const at = /position (\d+)/.exec(e.message);
  if (at !== null) return lineOfOffset(Number(at[1]));
  if (/end of JSON input/.test(e.message)) return text.split('\n').length;
  const quoted = /^Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(e.message);
  if (quoted !== null) {
    const context = text.indexOf(quoted[2]!);
    if (context >= 0) return lineOfOffset(context + Math.max(0, quoted[2]!.indexOf(quoted[1]!)));
  }
  return 1;
}

/** Line of the last `"key":` in the text (1 when not found): the innermost, as engine_kwargs comes after the top-level keys. */
function keyLine(text: string, key: string): number {
  const i = text.lastIndexOf(`"${key}"`);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}

function integer(path: string, text: string, obj: Record<string, unknown>, key: string, min: number, field = key): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ServingDataError(path, keyLine(text, key), field, `an integer >= ${min}`, shown(v));
  return v;
}

function parseMeta(path: string, text: string): EngineSettings {
  const meta = parseJson(path, text);
  const k = meta.engine_kwargs;
  if (typeof k !== 'object' || k === null) throw new ServingDataError(path, keyLine(text, 'engine_kwargs'), 'engine_kwargs', 'an object of vLLM engine arguments', shown(k));
  const e = k as Record<string, unknown>;
  const model = e.model ?? meta.model;
  if (typeof model !== 'string') throw new ServingDataError(path, keyLine(text, 'model'), 'engine_kwargs.model', 'a model id', shown(model));
  const maxModelLen = e.max_model_len;
  if (maxModelLen !== null && maxModelLen !== undefined && (typeof maxModelLen !== 'number' || !Number.isInteger(maxModelLen) || maxModelLen < 1)) {
    throw new ServingDataError(path, keyLine(text, 'max_model_len'), 'engine_kwargs.max_model_len', 'null or an integer >= 1', shown(maxModelLen));
  }
  const ep = e.enable_expert_parallel ?? false;
  if (typeof ep !== 'boolean') throw new ServingDataError(path, keyLine(text, 'enable_expert_parallel'), 'engine_kwargs.enable_expert_parallel', 'true or false', shown(ep));
  return {
    model,
    tp: integer(path, text, e, 'tensor_parallel_size', 1, 'engine_kwargs.tensor_parallel_size'),
    dp: e.data_parallel_size === undefined ? 1 : integer(path, text, e, 'data_parallel_size', 1, 'engine_kwargs.data_parallel_size'),
    expertParallel: ep,
    maxNumSeqs: integer(path, text, e, 'max_num_seqs', 1, 'engine_kwargs.max_num_seqs'),
    maxNumBatchedTokens: integer(path, text, e, 'max_num_batched_tokens', 1, 'engine_kwargs.max_num_batched_tokens'),
    maxModelLen: typeof maxModelLen === 'number' ? maxModelLen : undefined,
  };
}

function parseConfig(path: string, text: string): RunHardware {
  const c = parseJson(path, text);
  const nodes = c.nodes;
  const instance = Array.isArray(nodes) ? (nodes[0] as { instances?: unknown[] } | undefined)?.instances?.[0] : undefined;
  if (typeof instance !== 'object' || instance === null) throw new ServingDataError(path, keyLine(text, 'nodes'), 'nodes[0].instances[0]', 'an instance description', shown(instance));
  const inst = instance as Record<string, unknown>;
  const mem = inst.npu_mem as Record<string, unknown> | undefined;
  const num = (obj: Record<string, unknown> | undefined, key: string, field: string): number => {
    const v = obj?.[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ServingDataError(path, keyLine(text, key), field, 'a positive number', shown(v));
    return v;
  };
  return {
    hardware: typeof inst.hardware === 'string' ? inst.hardware : 'unknown',
    // LLMServingSim's mem_size is in GiB.
    memoryBytes: num(mem, 'mem_size', 'nodes[0].instances[0].npu_mem.mem_size') * 2 ** 30,
    memoryUtilization: num(mem, 'mem_util', 'nodes[0].instances[0].npu_mem.mem_util'),
    // link_bw in GB/s, link_latency in ns.
    linkBandwidth: num(c, 'link_bw', 'link_bw') * 1e9,
    linkLatency: num(c, 'link_latency', 'link_latency') * 1e-9,
  };
}

const TIMESTAMPS = ['queued_ts', 'first_token_ts', 'last_token_ts'] as const;

function parseRequests(path: string, text: string): { workload: RunWorkload; measured: MeasuredLatencies } {
  const lines = text.split(/\r?\n/);
  const arrival: number[] = [], input: number[] = [], output: number[] = [], at: number[] = [];
  const ttft: number[] = [], tpot: number[] = [], e2e: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const n = i + 1;
    let v: unknown;
    try { v = JSON.parse(line); } catch { throw new ServingDataError(path, n, '(line)', 'one JSON object per line', shown(line)); }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ServingDataError(path, n, '(line)', 'a JSON object', shown(v));
    const r = v as Record<string, unknown>;
    const field = (key: string, integer: boolean, min: number): number => {
      const x = r[key];
      if (typeof x !== 'number' || !Number.isFinite(x) || (integer && !Number.isInteger(x)) || x < min) throw new ServingDataError(path, n, key, `${integer ? 'an integer' : 'a number'} >= ${min}`, shown(x));
      return x;
    };
    const a = field('arrival_time', false, 0);
    if (arrival.length > 0 && a < arrival[arrival.length - 1]!) throw new ServingDataError(path, n, 'arrival_time', `a time no earlier than the line before (${arrival[arrival.length - 1]})`, shown(a));
    arrival.push(a);
    input.push(field('input_toks', true, 1));
    const out = field('output_toks', true, 1);
    output.push(out);
    at.push(n);
    const [q, first, last] = TIMESTAMPS.map((k) => field(k, false, 0)) as [number, number, number];
    if (first < q) throw new ServingDataError(path, n, 'first_token_ts', `a time no earlier than queued_ts (${q})`, shown(first));
    if (last < first) throw new ServingDataError(path, n, 'last_token_ts', `a time no earlier than first_token_ts (${first})`, shown(last));
    ttft.push(first - q);
    e2e.push(last - q);
    tpot.push(out > 1 ? (last - first) / (out - 1) : NaN);
  }
  if (arrival.length === 0) throw new ServingDataError(path, 1, '(line)', 'at least one request', 'an empty file');
  const t0 = arrival[0]!;
  return {
    workload: { arrivals: Float64Array.from(arrival, (a) => a - t0), inputTokens: Int32Array.from(input), outputTokens: Int32Array.from(output), lines: Int32Array.from(at) },
    measured: { ttft: Float64Array.from(ttft), tpot: Float64Array.from(tpot), e2e: Float64Array.from(e2e) },
  };
}

function parseTimeseries(path: string, text: string): TimeseriesPoint[] {
  const rows = parseCsv(path, text, ['t', 'running', 'waiting']);
  const out: TimeseriesPoint[] = [];
  for (let i = 0; i < rows.cells.length; i++) out.push({ t: numberAt(rows, i, 't'), running: numberAt(rows, i, 'running'), waiting: numberAt(rows, i, 'waiting') });
  return out;
}
