import { OptionError } from "../errors.js";
import { checkChoice, checkNumber } from "../util/validate.js";
import { ARTIFACT_NAMES, PRESET_NAMES, type ArtifactName, type ArtifactOptions, type ResolvedArtifactOptions } from "./artifactOptions.js";
import { ARTIFACT_SCHEMA, PRESETS } from "./presets.js";

/**
 * Merges a preset with the fields given beside it and checks every value against the schema.
 * Accepts anything (a YAML section as parsed): unknown keys and bad values raise OptionError
 * naming the option path, e.g. `artifacts.rotation.angleDeg`.
 */
export function resolveArtifactOptions(options: unknown, prefix = "artifacts"): ResolvedArtifactOptions {
  const given = (options ?? {}) as Record<string, unknown>;
  if (typeof given !== "object" || Array.isArray(given)) throw new OptionError(prefix, `expected a mapping, got ${JSON.stringify(options)}`);
  const preset = checkChoice(`${prefix}.preset`, given.preset ?? "clean", PRESET_NAMES);
  for (const key of Object.keys(given)) {
    if (key !== "preset" && !(ARTIFACT_NAMES as readonly string[]).includes(key)) {
      throw new OptionError(`${prefix}.${key}`, `unknown artifact (known: preset, ${ARTIFACT_NAMES.join(", ")})`);
    }
  }
  const resolved: Record<string, unknown> = { preset };
  for (const name of ARTIFACT_NAMES) {
    const presetFields = (PRESETS[preset] as Record<string, Record<string, unknown> | undefined>)[name] ?? {};
    const userFields = given[name] ?? {};
    if (typeof userFields !== "object" || Array.isArray(userFields)) {
      throw new OptionError(`${prefix}.${name}`, `expected a mapping of fields, got ${JSON.stringify(userFields)}`);
    }
    resolved[name] = resolveFields(name, presetFields, userFields as Record<string, unknown>, `${prefix}.${name}`);
  }
  return resolved as ResolvedArtifactOptions;
}

function resolveFields(name: ArtifactName, presetFields: Record<string, unknown>, userFields: Record<string, unknown>, path: string): Record<string, unknown> {
  const schema = ARTIFACT_SCHEMA[name];
  for (const key of Object.keys(userFields)) {
    if (!(key in schema)) throw new OptionError(`${path}.${key}`, `unknown field (known: ${Object.keys(schema).join(", ")})`);
  }
  const out: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(schema)) {
    const value = userFields[field] ?? presetFields[field] ?? spec.value;
    const at = `${path}.${field}`;
    if (spec.kind === "probability") out[field] = checkNumber(at, value, 0, 1);
    else if (spec.kind === "range") out[field] = checkRange(at, value, spec.min, spec.max);
    else {
      if (!Array.isArray(value) || value.length === 0) throw new OptionError(at, `expected a non-empty list of ${spec.choices.join(", ")}`);
      out[field] = value.map((v) => checkChoice(at, v, spec.choices));
    }
  }
  return out;
}

/** A range is [min, max] with min <= max; a single number n means [n, n]. */
function checkRange(at: string, value: unknown, min: number, max: number): [number, number] {
  if (typeof value === "number") value = [value, value];
  if (!Array.isArray(value) || value.length !== 2) throw new OptionError(at, `expected [min, max] within ${min} to ${max}, got ${JSON.stringify(value)}`);
  const lo = checkNumber(at, value[0], min, max);
  const hi = checkNumber(at, value[1], min, max);
  if (lo > hi) throw new OptionError(at, `expected min <= max, got [${lo}, ${hi}]`);
  return [lo, hi];
}

/** The options that apply nothing, with every probability 0 (the "clean" preset). */
export function isCleanOptions(options: ResolvedArtifactOptions): boolean {
  return ARTIFACT_NAMES.every((name) => options[name].probability === 0);
}
