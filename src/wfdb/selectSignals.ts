import { OptionError } from "../errors.js";

/** Resolves a list of signal indices or names (descriptions) to header indices; all when undefined. */
export function selectSignals(names: string[], wanted: (number | string)[] | undefined): number[] {
  if (wanted === undefined) return names.map((_, i) => i);
  return wanted.map((w) => {
    if (typeof w === "number") {
      if (!Number.isInteger(w) || w < 0 || w >= names.length) {
        throw new OptionError("signals", `expected signal indices from 0 to ${names.length - 1}, got ${w}`);
      }
      return w;
    }
    const i = names.indexOf(w);
    if (i < 0) throw new OptionError("signals", `expected a signal name of ${names.map((n) => JSON.stringify(n)).join(", ")}, got ${JSON.stringify(w)}`);
    return i;
  });
}
