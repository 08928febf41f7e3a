// The one shape every telemetry format is read into: a span with its trace, its parent, its times in
// seconds, and what it is (an agent, a model call, a tool call, or something else) by the OTel GenAI
// conventions (current and older attribute names), OpenInference's, or Langfuse's observation types.

import { ApmsimError, type ExitName } from '../../sim/errors.js';

export type SpanRole = 'agent' | 'llm' | 'tool' | 'other';

export interface TelemetrySpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | undefined;
  readonly name: string;
  /** Seconds since the Unix epoch. */
  readonly start: number;
  /** NaN for a span that had not ended when it was exported. */
  readonly end: number;
  readonly role: SpanRole;
  /** The agent's name (agents), the model (LLM calls), the tool (tool calls); else the span's name. */
  readonly label: string;
  readonly tokensIn: number | undefined;
  readonly tokensOut: number | undefined;
  /** Where it was read: `file:line` (JSON Lines) or `file`, and the span's index there. */
  readonly where: string;
}

/** A telemetry file that cannot be read: names the file (and line), what was expected and what was found. */
export class TelemetryFormatError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
}

const LLM_OPERATIONS = new Set(['chat', 'call_llm', 'text_completion', 'generate_content', 'embeddings', 'completion']);
const AGENT_OPERATIONS = new Set(['invoke_agent', 'create_agent']);
const TOOL_OPERATIONS = new Set(['execute_tool']);

/** Attributes as plain values (strings, numbers, booleans). */
export type Attributes = Readonly<Record<string, unknown>>;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' && v !== 'None' ? v : undefined);

function count(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * What a span is, from its attributes: `gen_ai.operation.name` (GenAI), `openinference.span.kind`
 * (OpenInference) or, for Langfuse, its observation type (passed as `hint`).
 */
export function roleOf(name: string, attrs: Attributes, hint?: string): SpanRole {
  const op = text(attrs['gen_ai.operation.name']);
  if (op !== undefined) {
    if (AGENT_OPERATIONS.has(op)) return 'agent';
    if (LLM_OPERATIONS.has(op)) return 'llm';
    if (TOOL_OPERATIONS.has(op)) return 'tool';
  }
  const kind = (text(attrs['openinference.span.kind']) ?? hint)?.toUpperCase();
  if (kind === 'AGENT') return 'agent';
  if (kind === 'LLM' || kind === 'GENERATION' || kind === 'EMBEDDING') return 'llm';
  if (kind === 'TOOL') return 'tool';
  if (text(attrs['gen_ai.agent.name']) !== undefined) return 'agent';
  if (text(attrs['gen_ai.tool.name']) !== undefined) return 'tool';
  if (/^(invoke_agent|execute_tool|chat|call_llm)\b/.test(name)) return name.startsWith('invoke_agent') ? 'agent' : name.startsWith('execute_tool') ? 'tool' : 'llm';
  return 'other';
}

/** The span's label for its role: the agent's name, the model, the tool. */
export function labelOf(role: SpanRole, name: string, attrs: Attributes, model?: string): string {
  const stripped = name.replace(/^(invoke_agent|execute_tool|chat|call_llm|text_completion|generate_content)\s+/, '').replace(/^\[(.*)\]$/, '$1');
  switch (role) {
    case 'agent': return text(attrs['gen_ai.agent.name']) ?? (stripped || text(attrs['service.name'])) ?? 'agent';
    case 'llm': return text(attrs['gen_ai.request.model']) ?? text(attrs['gen_ai.response.model']) ?? text(attrs['llm.model_name']) ?? model ?? text(attrs['gen_ai.system']) ?? (stripped || 'llm');
    case 'tool': return text(attrs['gen_ai.tool.name']) ?? text(attrs['tool.name']) ?? (stripped || 'tool');
    case 'other': return name || 'span';
  }
}

/** Input and output tokens: GenAI (current and older names), then OpenInference. */
export function tokensOf(attrs: Attributes): { tokensIn: number | undefined; tokensOut: number | undefined } {
  return {
    tokensIn: count(attrs['gen_ai.usage.input_tokens']) ?? count(attrs['gen_ai.usage.prompt_tokens']) ?? count(attrs['llm.token_count.prompt']),
    tokensOut: count(attrs['gen_ai.usage.output_tokens']) ?? count(attrs['gen_ai.usage.completion_tokens']) ?? count(attrs['llm.token_count.completion']),
  };
}
