// The LLM calls on a GPU pool as typed-array columns by request id, grown on demand: tokens,
// progress of prefill and decoding, KV held, and the times that make TTFT and latency.

export class GpuCalls {
  prompt = new Float64Array(0);
  output = new Float64Array(0);
  /** Tokens to prefill: the prompt (less reused prefix), or prompt + generated after preemption. */
  target = new Float64Array(0);
  /** Tokens of `target` prefilled so far in the current admission. */
  done = new Float64Array(0);
  generated = new Float64Array(0);
  /** KV tokens allocated to the sequence on its replica, and its computed (cached) tokens. */
  alloc = new Float64Array(0);
  cached = new Float64Array(0);
  /** First output token, first admission (NaN before), and submission times. */
  firstToken = new Float64Array(0);
  admitted = new Float64Array(0);
  submitted = new Float64Array(0);

  /** Makes room for request id r. */
  ensure(r: number): void {
    if (r < this.prompt.length) return;
    const size = Math.max(r + 1, this.prompt.length * 2, 256);
    const g = (a: Float64Array) => { const b = new Float64Array(size); b.set(a); return b; };
    this.prompt = g(this.prompt);
    this.output = g(this.output);
    this.target = g(this.target);
    this.done = g(this.done);
    this.generated = g(this.generated);
    this.alloc = g(this.alloc);
    this.cached = g(this.cached);
    this.firstToken = g(this.firstToken);
    this.admitted = g(this.admitted);
    this.submitted = g(this.submitted);
  }
}
