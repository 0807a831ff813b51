/** Lead names as printed, in the standard 12-lead order. */
export const STANDARD_LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"] as const;

/** Cabrera order: limb leads by angle, aVR shown inverted. */
export const CABRERA_LEADS = ["aVL", "I", "-aVR", "II", "aVF", "III", "V1", "V2", "V3", "V4", "V5", "V6"] as const;

/** The printed form of a lead name ("avr" -> "aVR", "v1" -> "V1"); unknown names are kept. */
export function canonicalLeadName(name: string): string {
  const t = name.trim();
  const neg = t.startsWith("-");
  const core = neg ? t.slice(1) : t;
  const hit = STANDARD_LEADS.find((l) => l.toLowerCase() === core.toLowerCase());
  return (neg ? "-" : "") + (hit ?? core);
}

/** True for precordial leads (V1-V6 and extra V leads), which get the chest gain. */
export function isChestLead(name: string): boolean {
  return /^-?V\d/i.test(name.trim());
}

/**
 * Finds the signal a lead label shows: returns its index and whether to invert it ("-aVR").
 * Names match ignoring case. Undefined when the record has no such signal.
 */
export function findLeadSignal(signalNames: readonly string[], lead: string): { signalIndex: number; negate: boolean } | undefined {
  const t = lead.trim();
  const negate = t.startsWith("-");
  const core = (negate ? t.slice(1) : t).toLowerCase();
  const signalIndex = signalNames.findIndex((s) => s.trim().toLowerCase() === core);
  return signalIndex < 0 ? undefined : { signalIndex, negate };
}
