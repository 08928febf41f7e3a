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
  scope: required(enumOf(BUDGET_SCOPES), 'Per task (a request with its fork branches), per session (the classes must have [session arrivals](#process-sessions)), or per period (a bucket refilled continuously at `limit` per `period`, shared by the classes).'),
  resource: field(enumOf(BUDGET_RESOURCES), 'Dollars of LLM calls, or their tokens (prompt + output). `cost_per_call` fees are not budgeted.', { default: 'cost' }),
  limit: required(num({ above: 0 }), 'Dollars or tokens (plain numbers) per task, session, or `period`.'),
  burst: field(num({ min: 0 }), 'Allowed beyond the limit (the bucket\'s depth is `limit + burst`).', { default: 0 }),
  period: field(ref('duration'), 'The time over which `limit` is allowed.', { defaultText: '**required** with `scope: period`; not allowed otherwise', shown: 'duration > 0' }),
  classes: field(listOf(ref('name'), { minItems: 1, unique: true }), 'The classes it applies to.', { defaultText: 'every class', shown: 'list of class names' }),
  on_exhaustion: required(anyOf([
    enumOf(EXHAUSTION_ACTIONS),
    described(record({
      degrade: required(ref('name'), 'An llm agent.'),
    }), 'Send the call to a cheaper llm agent.'),
  ]), '`stop`: the request ends (outcome `budget`; a session stopped by its session budget sends no more turns). `{ degrade: a }`: the call goes to llm agent `a` instead (checked there once more), then the request goes on as if the original agent had answered. `defer`: the call waits until the bucket has room (period budgets only). Whichever it is, it is counted: exhaustion is never silent.', { shown: '`stop`, `defer` or `{ degrade: <agent> }`' }),
}), 'A limit on LLM spending; on exhaustion the chosen action happens and is counted.');

export const QUOTA = described(record({
  rate: required(ref('rate'), 'Tokens per second.', { shown: 'rate > 0' }),
  burst: field(num({ min: 1 }), 'Bucket depth (it starts full).', { default: 1 }),
  action: field(enumOf(LIMIT_ACTIONS), 'Without a token: reject the request, or hold it until one is free.', { default: 'reject' }),
  classes: required(listOf(ref('name'), { minItems: 1, unique: true }), 'The classes sharing the bucket.', { shown: 'list of class names' }),
}), 'A rate limit shared by several classes (a tenant): one token bucket for all of them.');
