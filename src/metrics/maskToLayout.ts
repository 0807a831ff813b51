import { OptionError } from "../errors.js";
import type { SignalSet } from "./scoreSignals.js";

/** Page layouts whose shown windows maskToLayout knows. */
export const MASK_LAYOUTS = ["none", "3x4", "3x4+1"] as const;
export type MaskLayout = (typeof MASK_LAYOUTS)[number];

const COLUMN_3X4: Record<string, number> = { i: 0, ii: 0, iii: 0, avr: 1, avl: 1, avf: 1, v1: 2, v2: 2, v3: 2, v4: 3, v5: 3, v6: 3 };

/**
 * A reference reduced to what a page shows (NaN elsewhere), for truths stored whole (e.g. the
 * LUDB CSVs): on a standard 3x4 page column k shows the k-th quarter of the record; "3x4+1" adds
 * a full lead II rhythm strip. Leads the layout does not name are left whole.
 */
export function maskToLayout(set: SignalSet, layout: MaskLayout): SignalSet {
  if (layout === "none") return set;
  if (!(MASK_LAYOUTS as readonly string[]).includes(layout)) throw new OptionError("layout", `expected one of ${MASK_LAYOUTS.join(", ")}, got "${layout}"`);
  const signals = set.signals.map((s, i) => {
    const name = set.names[i]!.toLowerCase();
    const col = COLUMN_3X4[name];
    if (col === undefined || (layout === "3x4+1" && name === "ii")) return s;
    const from = Math.round((col * s.length) / 4);
    const to = Math.round(((col + 1) * s.length) / 4);
    return s.map((v, t) => (t >= from && t < to ? v : NaN));
  });
  return { ...set, signals };
}
