// Progress of a long run on stderr: only on a terminal, only after the first second, one line
// rewritten in place.

export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

export function createProgress(label: string, enabled: boolean): Progress {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY) return { update() {}, finish() {} };
  const start = performance.now();
  let shown = false;
  return {
    update(done, total) {
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed < 1) return;
      const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
      const etaText = Number.isFinite(eta) ? `, about ${Math.ceil(eta)} s left` : '';
      stream.write(`\r${label}: ${done.toFixed(1)}/${total} replications${etaText}\x1b[K`);
      shown = true;
    },
    finish() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
