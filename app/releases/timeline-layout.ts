/**
 * Where the timeline draws its markers and labels (browser-safe). Milestones can fall close together
 * (a submission deadline and the opening an hour later): drawn at their exact places their markers
 * and words would lie on top of one another. Each is moved as little as needed to keep `gap` from its
 * neighbour, in order, inside [min, max]; the picture's list beside it gives the exact times.
 */
export function spread(positions: number[], gap: number, min: number, max: number): number[] {
  const out = positions.map((p) => Math.min(Math.max(p, min), max));
  // Forward: push each to the right of the one before; backward: pull back inside the right edge.
  for (let i = 1; i < out.length; i++) out[i] = Math.max(out[i]!, out[i - 1]! + gap);
  if (out.length) out[out.length - 1] = Math.min(out[out.length - 1]!, max);
  for (let i = out.length - 2; i >= 0; i--) out[i] = Math.min(out[i]!, out[i + 1]! - gap);
  return out;
}
