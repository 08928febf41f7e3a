// Distribution specifications: plain, serialisable data (seconds for times). The scenario layer
// produces them; distributions.ts turns them into samplers that also know their mean and variance.

export type DistSpec =
  | { readonly dist: 'exponential'; readonly mean: number }
  | { readonly dist: 'deterministic'; readonly value: number }
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
  /** Normal(mean, sd) truncated at 0 (resampled below 0); mean/variance are the truncated ones. */
  | { readonly dist: 'normal'; readonly mean: number; readonly sd: number }
  | { readonly dist: 'lognormal'; readonly mean: number; readonly cv: number }
  | { readonly dist: 'gamma'; readonly mean: number; readonly cv: number }
  /** Weibull with the given mean and cv; its shape solves the cv (shape 1 is the exponential). */
  | { readonly dist: 'weibull'; readonly mean: number; readonly cv: number }
  | { readonly dist: 'erlang'; readonly k: number; readonly mean: number }
  /** Two-phase hyperexponential with balanced means, fitted to mean and squared cv (scv >= 1). */
  | { readonly dist: 'hyperexponential'; readonly mean: number; readonly scv: number }
  /** Resamples the listed values uniformly (an empirical distribution function). */
  | { readonly dist: 'empirical'; readonly samples: readonly number[] }
  | { readonly dist: 'mixture'; readonly components: readonly MixtureComponent[] };

export interface MixtureComponent {
  readonly weight: number;
  readonly of: DistSpec;
}
