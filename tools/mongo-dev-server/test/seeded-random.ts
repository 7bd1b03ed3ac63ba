/** Test helper: a small deterministic PRNG (values in [0, 1)), so that a failing random case reproduces from its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
