// One reproducible random stream per (scenario seed, replication, source): the only source of randomness
// in the engine. Separate streams per source let two configurations share draws (common random numbers).
import seedrandom from 'seedrandom';

/**
 * One reproducible random stream. seedrandom's xor4096, seeded with the stream's name, draws the
 * 128-bit state of an sfc32 generator (Doty-Humphrey's small fast chaotic PRNG, which passes
 * PractRand and BigCrush); sfc32 then produces the draws. The state lives in an Int32Array so a
 * draw is a handful of integer operations with nothing boxed: this sits in the engine's hot loop.
 */
export class Stream {
  private readonly state = new Int32Array(4);
  // The polar method yields normals in pairs; the second is kept so no draw is wasted.
  private spare = 0;
  private hasSpare = false;

  constructor(seed: string) {
    if (typeof seed !== 'string') throw new Error('Stream seed must be a string');
    // xor4096 never autoseeds from a string, so the same name always gives the same state.
    const init = seedrandom.xor4096(seed);
    const s = this.state;
    for (let i = 0; i < 4; i++) s[i] = init.int32();
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[3] = 1;
    for (let i = 0; i < 12; i++) this.next32();
  }

  /** Uniform on the open interval (0,1) with 53 random bits: never 0, so log(u) is always finite. */
  uniform(): number {
    let u = 0;
    do {
      u = ((this.next32() >>> 5) * 67108864 + (this.next32() >>> 6)) * 1.1102230246251565e-16;
    } while (u === 0);
    return u;
  }

  /** 32 random bits as an unsigned integer. */
  int32(): number {
    return this.next32() >>> 0;
  }

  /** One sfc32 step: 32 random bits as a signed int32. */
  private next32(): number {
    const s = this.state;
    const a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t;
  }

  /** Standard normal (Marsaglia's polar method). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }
}

/**
 * Seed string for one random source in one replication, so two configurations can share streams
 * (common random numbers). The encoding is injective: the two numbers contain no '/', so the source
 * name (which may contain '/') is everything after the third '/'.
 */
export function streamSeed(scenarioSeed: number, replication: number, source: string): string {
  if (!Number.isFinite(scenarioSeed)) throw new Error(`scenario seed must be a finite number, got ${scenarioSeed}`);
  if (!Number.isInteger(replication) || replication < 0) {
    throw new Error(`replication must be a non-negative integer, got ${replication}`);
  }
  // xor4096 appends '\0' to a string seed and cycles through it; a NUL inside the seed could alias another.
  if (source.length === 0 || source.includes('\0')) throw new Error(`invalid random source name ${JSON.stringify(source)}`);
  return `apmsim/${scenarioSeed}/${replication}/${source}`;
}
