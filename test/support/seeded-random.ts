/**
 * A small seeded generator (mulberry32) for randomised tests: the same seed gives the same run, so a
 * failing trial printed with its seed can be replayed exactly.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A whole number in [min, max), drawn from `random`. */
export const between = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min));
