// A number the analytic model produces, tagged with how far it can be trusted: exact, approximate
// within a stated band, rough (good enough as a feature for a learner, not as an answer), or none.

export type Figure =
  | { readonly kind: 'exact'; readonly value: number }
  | { readonly kind: 'approximate'; readonly value: number; readonly low: number; readonly high: number; readonly method: string }
  | { readonly kind: 'rough'; readonly value: number; readonly why: string }
  | { readonly kind: 'none'; readonly why: string };

export const exact = (value: number): Figure => ({ kind: 'exact', value });
export const none = (why: string): Figure => ({ kind: 'none', why });
export const rough = (value: number, why: string): Figure => ({ kind: 'rough', value, why });

export function approximate(value: number, low: number, high: number, method: string): Figure {
  return { kind: 'approximate', value, low: Math.min(low, value), high: Math.max(high, value), method };
}

/** The value whatever its quality (NaN for none): what features are made of. */
export function valueOf(f: Figure): number {
  return f.kind === 'none' ? NaN : f.value;
}

/** Demotes a figure to rough (e.g. when the rates it rests on are themselves approximate). */
export function demote(f: Figure, why: string): Figure {
  return f.kind === 'none' || f.kind === 'rough' ? f : rough(f.value, why);
}

/**
 * Sum of weight_i * figure_i with exact, non-negative weights: exact if every term is, an
 * approximation whose band is the sum of the bands if some term is approximate, rough or none
 * as soon as one term is.
 */
export function weightedSum(terms: readonly (readonly [number, Figure])[]): Figure {
  let value = 0;
  let low = 0;
  let high = 0;
  const methods = new Set<string>();
  let roughWhy: string | undefined;
  for (const [w, f] of terms) {
    if (w === 0) continue;
    switch (f.kind) {
      case 'none':
        return f;
      case 'rough':
        roughWhy ??= f.why;
        value += w * f.value;
        break;
      case 'exact':
        value += w * f.value; low += w * f.value; high += w * f.value;
        break;
      case 'approximate':
        value += w * f.value; low += w * f.low; high += w * f.high;
        methods.add(f.method);
        break;
    }
  }
  if (roughWhy !== undefined) return rough(value, roughWhy);
  return methods.size === 0 ? exact(value) : approximate(value, low, high, [...methods].join('; '));
}
