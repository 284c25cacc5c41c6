/** Time comes from a clock passed in, so tests can move it and nothing reads Date.now() directly. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests set and advance by hand. */
export function fakeClock(
  start: string | Date,
): Clock & { advance(ms: number): void; set(at: string | Date): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
    set: (at) => {
      current = new Date(at);
    },
  };
}
