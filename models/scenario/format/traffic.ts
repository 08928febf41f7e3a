import { num, enumOf, ref, listOf, record, anyOf, described, field, required } from './declare.js';

export const LIMIT_ACTIONS = ['reject', 'queue'] as const;
export const BUDGET_SCOPES = ['task', 'session', 'period'] as const;
export const BUDGET_RESOURCES = ['cost', 'tokens'] as const;
export const EXHAUSTION_ACTIONS = ['stop', 'defer'] as const;

export const RATE_LIMIT = described(record({
  rate: required(ref('rate'), 'Tokens added per second.'),
  burst: field(num({ min: 1 }), 'Bucket depth (the bucket starts full).', { default: 1 }),
  action: field(enumOf(LIMIT_ACTIONS), 'Without a token: reject the request, or hold it until one is free.', { default: 'reject' }),
}), 'A token bucket: rate tokens per second up to burst; a request takes one at entry.');

export const BUDGET = described(record({
  scope: required(enumOf(BUDGET_SCOPES), 'Per task (a request and its fork branches), per session, or per period (a bucket refilled at limit/period).'),
  resource: field(enumOf(BUDGET_RESOURCES), 'Dollars of LLM calls, or their tokens (prompt + output).', { default: 'cost' }),
  limit: required(num({ above: 0 }), 'Dollars or tokens allowed (per period for the period scope).'),
  burst: field(num({ min: 0 }), 'Extra allowed above the limit.', { default: 0 }),
  period: field(ref('duration'), 'Only with scope: period (required there): the time over which `limit` is allowed.'),
  classes: field(listOf(ref('name'), { minItems: 1, unique: true }), 'Classes it applies to; default all.'),
  on_exhaustion: required(anyOf([
    enumOf(EXHAUSTION_ACTIONS),
    described(record({
      degrade: required(ref('name'), 'An llm agent.'),
    }), 'Send the call to a cheaper llm agent.'),
  ]), 'Required: stop the request, degrade the call to a cheaper llm agent, or defer it until the bucket refills (period budgets only).'),
}), 'A limit on LLM spending; on exhaustion the chosen action happens and is counted.');

export const QUOTA = described(record({
  rate: required(ref('rate'), 'Tokens added per second.'),
  burst: field(num({ min: 1 }), 'Bucket depth.', { default: 1 }),
  action: field(enumOf(LIMIT_ACTIONS), 'Without a token: reject, or queue.', { default: 'reject' }),
  classes: required(listOf(ref('name'), { minItems: 1, unique: true }), 'Classes sharing the bucket (none with a rate_limit of its own or in another quota).'),
}), 'A rate limit shared by several classes (a tenant): one token bucket for all of them.');
