// A measured profile folder (LLMServingSim's profiler output, ../shared/data/serving/llmservingsim/perf/
// <hardware>/<model>/<variant>): meta.yaml, and per tensor-parallel size tp<N>/dense.csv (one layer's
// operators by token count), attention.csv (by prefill chunk, its KV prefix, decodes and their KV
// length), per_sequence.csv (lm_head and sampler by sequences) and, for a mixture of experts, moe.csv.
// Times in microseconds. Parsing only: the caller reads the files.

import { parse as parseYaml } from 'yaml';
import { SERVED_ARCHITECTURES, type ServedArchitecture } from './architectures.js';
import { numberAt, parseCsv, textAt } from './csv.js';
import { ServingDataError, shown } from './errors.js';
import { fileErrorReason } from '../../../sim/errors.js';
import { Table1, Table2 } from './tables.js';

/** The files of one profile folder for one TP size, as text, with the paths errors name. */
export interface ProfileFiles {
  readonly dir: string;
  readonly tp: number;
  readonly meta: { path: string; text: string };
  readonly dense: { path: string; text: string };
  readonly attention: { path: string; text: string };
  readonly perSequence: { path: string; text: string };
  readonly moe?: { path: string; text: string };
}

export interface MeasuredProfile {
  readonly dir: string;
  readonly model: string;
  readonly hardware: string;
  readonly tp: number;
  readonly architecture: ServedArchitecture;
  /** Operator of one decoder layer (or embedding, final_layernorm) -> microseconds by tokens. */
  readonly dense: ReadonlyMap<string, Table1>;
  /** lm_head, sampler -> microseconds by sequences in the step. */
  readonly perSequence: ReadonlyMap<string, Table1>;
  /** One layer's attention, microseconds: prefill alone by (chunk tokens, KV prefix). */
  readonly prefillAttention: Table2;
  /** Decodes alone by (sequences, KV length each). */
  readonly decodeAttention: Table2;
  /** What decodes add to a step that also prefills (one varlen kernel), by (sequences, KV length). */
  readonly mixedDecodeAttention: Table2;
  /** Mixture of experts, one layer, microseconds by (experts activated, tokens); absent for dense models. */
  readonly moe?: Table2;
}

const COMMON_LAYERS = ['embedding', 'layernorm', 'qkv_proj', 'rotary_emb', 'o_proj', 'final_layernorm'];
const MLP_LAYERS = ['gate_up_proj', 'act_fn', 'down_proj'];

/** What meta.yaml says that must match the run: the model (one apmsim knows the shape of) and the TP sizes measured. */
export function parseProfileMeta(meta: { path: string; text: string }, tp: number): { model: string; hardware: string; architecture: ServedArchitecture } {
  const metaPath = meta.path;
  let doc: unknown;
  try { doc = parseYaml(meta.text); } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 0;
    throw new ServingDataError(metaPath, line, '(document)', 'YAML', shown((e as Error).message));
  }
  if (typeof doc !== 'object' || doc === null) throw new ServingDataError(metaPath, 1, '(document)', 'a mapping', shown(doc));
  const m = doc as Record<string, unknown>;
  const model = m.model;
  if (typeof model !== 'string') throw new ServingDataError(metaPath, lineOf(meta.text, 'model'), 'model', 'a model id', shown(model));
  const architecture = SERVED_ARCHITECTURES.get(model);
  if (architecture === undefined) throw new ServingDataError(metaPath, lineOf(meta.text, 'model'), 'model', `one of ${[...SERVED_ARCHITECTURES.keys()].join(', ')}`, shown(model));
  const hardware = typeof m.hardware === 'string' ? m.hardware : String(m.gpu ?? 'unknown');
  const tps = m.tp_degrees;
  if (!Array.isArray(tps) || !tps.includes(tp)) throw new ServingDataError(metaPath, lineOf(meta.text, 'tp_degrees'), 'tp_degrees', `a list including ${tp} (the TP size asked for)`, shown(tps));
  return { model, hardware, architecture };
}

export function parseProfileFolder(files: ProfileFiles): MeasuredProfile {
  const { model, hardware, architecture } = parseProfileMeta(files.meta, files.tp);
  const dense = parseLayerTable(files.dense.path, files.dense.text, 'tokens');
  const moe = architecture.experts > 0;
  for (const layer of [...COMMON_LAYERS, ...(moe ? [] : MLP_LAYERS)]) {
    if (!dense.has(layer)) throw new ServingDataError(files.dense.path, 0, 'layer', `rows for layer '${layer}'`, `layers ${[...dense.keys()].join(', ')}`);
  }
  const perSequence = parseLayerTable(files.perSequence.path, files.perSequence.text, 'sequences');
  for (const layer of ['lm_head', 'sampler']) {
    if (!perSequence.has(layer)) throw new ServingDataError(files.perSequence.path, 0, 'layer', `rows for layer '${layer}'`, `layers ${[...perSequence.keys()].join(', ')}`);
  }
  let moeTable: Table2 | undefined;
  if (moe) {
    if (files.moe === undefined) throw new ServingDataError(`${files.dir}/tp${files.tp}/moe.csv`, 0, 'moe.csv', `the mixture-of-experts profile of ${model}`, 'no such file');
    const rows = parseCsv(files.moe.path, files.moe.text, ['tokens', 'activated_experts', 'time_us']);
    const points: [number, number, number][] = [];
    for (let i = 0; i < rows.cells.length; i++) points.push([numberAt(rows, i, 'activated_experts', 1), numberAt(rows, i, 'tokens', 1), numberAt(rows, i, 'time_us')]);
    moeTable = new Table2(points);
  }
  return { dir: files.dir, model, hardware, tp: files.tp, architecture, dense, perSequence, ...parseAttention(files.attention.path, files.attention.text), ...(moeTable ? { moe: moeTable } : {}) };
}

function parseLayerTable(file: string, text: string, x: string): Map<string, Table1> {
  const rows = parseCsv(file, text, ['layer', x, 'time_us']);
  const byLayer = new Map<string, [number, number][]>();
  for (let i = 0; i < rows.cells.length; i++) {
    const layer = textAt(rows, i, 'layer');
    const point: [number, number] = [numberAt(rows, i, x, 1), numberAt(rows, i, 'time_us')];
    const list = byLayer.get(layer);
    if (list === undefined) byLayer.set(layer, [point]); else list.push(point);
  }
  return new Map([...byLayer].map(([k, v]) => [k, new Table1(v)]));
}

function parseAttention(file: string, text: string): Pick<MeasuredProfile, 'prefillAttention' | 'decodeAttention' | 'mixedDecodeAttention'> {
  const rows = parseCsv(file, text, ['prefill_chunk', 'kv_prefill', 'n_decode', 'kv_decode', 'time_us']);
  const prefill: [number, number, number][] = [], decode: [number, number, number][] = [];
  const all: [number, number, number, number, number][] = [];
  const prefillAlone = new Map<string, number>();
  for (let i = 0; i < rows.cells.length; i++) {
    const pc = numberAt(rows, i, 'prefill_chunk'), kvp = numberAt(rows, i, 'kv_prefill');
    const nd = numberAt(rows, i, 'n_decode'), kvd = numberAt(rows, i, 'kv_decode'), t = numberAt(rows, i, 'time_us');
    if (pc > 0 && nd === 0) { prefill.push([pc, kvp, t]); prefillAlone.set(`${pc},${kvp}`, t); }
    else if (pc === 0 && nd > 0) decode.push([nd, kvd, t]);
    else if (pc > 0 && nd > 0) all.push([pc, kvp, nd, kvd, t]);
  }
  if (prefill.length === 0) throw new ServingDataError(file, 0, 'n_decode', 'rows with n_decode 0 (prefill alone)', 'none');
  if (decode.length === 0) throw new ServingDataError(file, 0, 'prefill_chunk', 'rows with prefill_chunk 0 (decodes alone)', 'none');
  // A mixed step's decodes cost what the measured mixed time exceeds the same prefill alone by;
  // averaged over the prefill shapes measured with each decode shape.
  const mixed: [number, number, number][] = [];
  for (const [pc, kvp, nd, kvd, t] of all) {
    const alone = prefillAlone.get(`${pc},${kvp}`);
    if (alone !== undefined) mixed.push([nd, kvd, t - alone]);
  }
  const decodeAttention = new Table2(decode);
  return { prefillAttention: new Table2(prefill), decodeAttention, mixedDecodeAttention: mixed.length > 0 ? new Table2(mixed) : decodeAttention };
}

/** 1-based line of a top-level YAML key, 0 when absent (for messages). */
function lineOf(text: string, key: string): number {
  const i = text.split(/\r?\n/).findIndex((l) => l.startsWith(`${key}:`));
  return i + 1;
}

/**
 * Reads a profile folder at TP size tp through `read` (which throws when a file cannot be read) and
 * parses it: meta.yaml first, so a folder without that TP size says so before its files are looked
 * for. A mixture of experts without moe.csv is the parser's to report.
 */
export function readProfileFolder(dir: string, tp: number, read: (path: string) => string): MeasuredProfile {
  const join = (...parts: string[]) => parts.map((x, i) => (i === 0 ? x.replace(/\/+$/, '') : x)).join('/');
  const file = (path: string, what: string): { path: string; text: string } => {
    try {
      return { path, text: read(path) };
    } catch (e) {
      throw new ServingDataError(path, 0, '(file)', what, `it cannot be read: ${fileErrorReason(e)}`);
    }
  };
  const meta = file(join(dir, 'meta.yaml'), 'the profile description (meta.yaml)');
  parseProfileMeta(meta, tp);
  const t = join(dir, `tp${tp}`);
  let moe: { path: string; text: string } | undefined;
  try {
    moe = { path: join(t, 'moe.csv'), text: read(join(t, 'moe.csv')) };
  } catch {
    moe = undefined;
  }
  return parseProfileFolder({
    dir, tp, meta,
    dense: file(join(t, 'dense.csv'), `the per-layer profile at TP ${tp}`),
    attention: file(join(t, 'attention.csv'), `the attention profile at TP ${tp}`),
    perSequence: file(join(t, 'per_sequence.csv'), `the per-sequence profile at TP ${tp}`),
    ...(moe ? { moe } : {}),
  });
}
