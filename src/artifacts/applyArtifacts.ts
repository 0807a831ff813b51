import type { RenderedPage } from "../render/types.js";
import type { Rng } from "../util/rng.js";

/** Placeholder until the artifact stage lands: the artifacts helper replaces this file. */
export interface ArtifactOptions {
  /** clean | scan | fax | photo | random. Default "clean" (nothing applied). */
  preset?: "clean" | "scan" | "fax" | "photo" | "random";
}

export function applyArtifacts(page: RenderedPage, _options: ArtifactOptions, _rng: Rng): RenderedPage {
  return page;
}
