import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { OptionError } from "../errors.js";
import type { ArtifactOptions } from "../artifacts/applyArtifacts.js";
import { parseLayoutSpec } from "./layout.js";
import type { GenerateImagesOptions } from "./generateImages.js";

/** Reads a YAML or JSON file (JSON is YAML) into a plain value; errors name the file. */
export async function readYamlFile(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8");
  try {
    return parseYaml(text);
  } catch (err) {
    throw new OptionError(path, `not valid YAML/JSON: ${(err as Error).message}`);
  }
}

/** Reads a custom layout file: `{ rows: [[{ lead, start, duration, x? }]] }` (times in s). */
export async function loadLayoutFile(path: string) {
  return parseLayoutSpec(await readYamlFile(path), path);
}

const BATCH_KEYS = ["seed", "workers", "maxPages", "resume", "maskUnplotted", "pngCompressionLevel", "pngEncoder", "masks", "mask16", "yolo", "record"] as const;

/**
 * Reads a generate config file: batch keys at the top (seed, workers, maxPages, resume,
 * maskUnplotted, pngCompressionLevel, pngEncoder, masks, mask16, yolo, record), page settings under `render:`
 * (RenderPageOptions names; `layout` may be a name, a file path or an inline { rows }), and
 * `artifacts:`, handed to the artifact stage as-is.
 */
export async function loadConfigFile(path: string): Promise<GenerateImagesOptions> {
  const value = await readYamlFile(path);
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new OptionError(path, "expected a mapping of options");
  const o = value as Record<string, unknown>;
  const known = new Set<string>([...BATCH_KEYS, "render", "artifacts"]);
  const unknown = Object.keys(o).filter((k) => !known.has(k));
  if (unknown.length) throw new OptionError(path, `unknown keys ${unknown.join(", ")} (expected ${[...known].join(", ")})`);
  const out: GenerateImagesOptions = {};
  for (const k of BATCH_KEYS) if (o[k] !== undefined) (out as Record<string, unknown>)[k] = o[k];
  if (o.render !== undefined) {
    if (typeof o.render !== "object" || o.render === null) throw new OptionError(`${path}: render`, "expected a mapping");
    const render = { ...(o.render as Record<string, unknown>) };
    if (typeof render.layout === "string" && /\.(ya?ml|json)$/i.test(render.layout)) render.layout = await loadLayoutFile(render.layout);
    else if (typeof render.layout === "object" && render.layout !== null) render.layout = parseLayoutSpec(render.layout, `${path}: render.layout`);
    out.render = render;
  }
  if (o.artifacts !== undefined) out.artifacts = o.artifacts as ArtifactOptions;
  return out;
}
