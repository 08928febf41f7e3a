// Standard exponential variates by the ziggurat method (Marsaglia and Tsang, "The ziggurat method
// for generating random variables", J. Stat. Softw. 5(8), 2000): 256 layers of equal area; about
// 98.9% of draws need one 32-bit integer, a table look-up and a multiplication, no logarithm.
// The layer comes from the low 8 bits and the position from the other 24, so they are independent
// (the original reused bits for both, a known defect).

import type { Stream } from './stream.js';

const LAYERS = 256;
/** Right edge of the base layer and the common area of the layers. */
const R = 7.69711747013104972;
const V = 3.949659822581572e-3;
const SCALE = 16777216; // 2^24 positions per layer

/** ke[i]: acceptance threshold of layer i on the 24-bit position; we[i]: position to x; fe[i]: e^-x at layer edges. */
const ke = new Uint32Array(LAYERS);
const we = new Float64Array(LAYERS);
const fe = new Float64Array(LAYERS);

(function buildTables(): void {
  let de = R;
  let te = R;
  const q = V / Math.exp(-de);
  ke[0] = Math.floor((de / q) * SCALE);
  ke[1] = 0;
  we[0] = q / SCALE;
  we[LAYERS - 1] = de / SCALE;
  fe[0] = 1;
  fe[LAYERS - 1] = Math.exp(-de);
  for (let i = LAYERS - 2; i >= 1; i--) {
    de = -Math.log(V / de + Math.exp(-de));
    ke[i + 1] = Math.floor((de / te) * SCALE);
    te = de;
    fe[i] = Math.exp(-de);
    we[i] = de / SCALE;
  }
})();

/** One standard exponential variate (mean 1) from stream s. */
export function standardExponential(s: Stream): number {
  for (;;) {
    const j = s.int32();
    const i = j & 255;
    const u = j >>> 8;
    if (u < ke[i]!) return u * we[i]!;
    // The base layer's tail beyond R is exponential again (memorylessness).
    if (i === 0) return R - Math.log(s.uniform());
    const x = u * we[i]!;
    if (fe[i]! + s.uniform() * (fe[i - 1]! - fe[i]!) < Math.exp(-x)) return x;
  }
}
