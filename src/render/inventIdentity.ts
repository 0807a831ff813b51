import type { Rng } from "../util/rng.js";

/** A made-up patient and site for a printed header. Names are built from syllables, so no real person's data appears. */
export interface InventedIdentity {
  name: string;
  patientId: string;
  date: string;
  time: string;
  hospital: string;
  department: string;
}

const SYLLABLES = ["ka", "lo", "mi", "ra", "ven", "to", "sa", "ber", "nel", "dor", "fi", "gan", "hul", "iv", "jor", "mar", "qui", "sel", "tam", "uv", "wen", "zo"];
const PLACES = ["Regional", "General", "University", "Community", "County", "Memorial", "Central"];
const UNITS = ["Cardiology", "Emergency", "Internal Medicine", "Outpatient Clinic", "ICU", "Pre-op Assessment"];

function word(rng: Rng, min: number, max: number): string {
  let w = "";
  const n = rng.int(min, max);
  for (let i = 0; i < n; i++) w += rng.pick(SYLLABLES);
  return w[0]!.toUpperCase() + w.slice(1);
}

export function inventIdentity(rng: Rng): InventedIdentity {
  const year = rng.int(1995, 2025);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const pad = (v: number) => String(v).padStart(2, "0");
  return {
    name: `${word(rng, 2, 3).toUpperCase()}, ${word(rng, 2, 2)}`,
    patientId: String(rng.int(10_000_000, 99_999_999)),
    date: `${year}-${pad(month)}-${pad(day)}`,
    time: `${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}`,
    hospital: `${word(rng, 2, 3)} ${rng.pick(PLACES)} Hospital`,
    department: rng.pick(UNITS),
  };
}
