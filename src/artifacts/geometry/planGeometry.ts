import { OptionError } from "../../errors.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawRange, r4 } from "../draw.js";
import { homographyFromPoints, type XY } from "./homography.js";
import type { CurlEdge, PageWarp, Relief } from "./pageWarp.js";

export interface GeometryPlan {
  warp: PageWarp;
  /** Parameters applied, per artifact name, for the annotation. */
  applied: Record<string, Record<string, unknown>>;
}

/**
 * Draws the geometric artifacts that are switched on for this page and composes them into one
 * PageWarp, with the wrinkles' relief if given. Returns null when none is on (no resampling). Each artifact draws from
 * its own fork of `rng`, so switching one on or off never changes another's parameters.
 */
export function planGeometry(width: number, height: number, options: ResolvedArtifactOptions, rng: Rng, relief: Relief | null = null): GeometryPlan | null {
  const applied: Record<string, Record<string, unknown>> = {};
  const on = (name: keyof ResolvedArtifactOptions & string): Rng | null => {
    const r = rng.fork(name);
    return r.chance((options as unknown as Record<string, { probability: number }>)[name]!.probability) ? r : null;
  };
  const cx = width / 2, cy = height / 2;
  let corners: XY[] = [[0, 0], [width, 0], [width, height], [0, height]];
  const source = corners.map((p) => [...p] as XY);

  const rot = on("rotation");
  if (rot) {
    const angleDeg = drawRange(rot, options.rotation.angleDeg);
    const t = (angleDeg * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
    // Positive angle = counter-clockwise on screen (y down).
    corners = corners.map(([x, y]) => [cx + (x - cx) * c + (y - cy) * s, cy - (x - cx) * s + (y - cy) * c]);
    applied.rotation = { angleDeg: r4(angleDeg) };
  }
  const bg = on("background");
  if (bg) {
    const pageScale = drawRange(bg, options.background.pageScale);
    const slack = (1 - pageScale) / 2;
    const shiftX = bg.uniform(-slack, slack) * width * 0.6, shiftY = bg.uniform(-slack, slack) * height * 0.6;
    corners = corners.map(([x, y]) => [cx + (x - cx) * pageScale + shiftX, cy + (y - cy) * pageScale + shiftY]);
    applied.background = { pageScale: r4(pageScale), shiftXPx: r4(shiftX), shiftYPx: r4(shiftY) };
  }
  const persp = on("perspective");
  if (persp) {
    const reach = drawRange(persp, options.perspective.cornerFraction) * Math.min(width, height);
    const moves = corners.map(() => [persp.uniform(-reach, reach), persp.uniform(-reach, reach)] as XY);
    corners = corners.map(([x, y], i) => [x + moves[i]![0], y + moves[i]![1]]);
    applied.perspective = { cornerMovesPx: moves.map(([dx, dy]) => [r4(dy), r4(dx)]), note: "per corner TL, TR, BR, BL as [dy, dx]" };
  }
  const curlRng = on("curl");
  let curl: PageWarp["curl"] = null;
  if (curlRng) {
    const edge = curlRng.pick<CurlEdge>(["top", "bottom", "left", "right"]);
    const across = edge === "top" || edge === "bottom" ? height : width;
    const bandPx = drawRange(curlRng, options.curl.bandFraction) * across;
    const radiusPx = drawRange(curlRng, options.curl.radiusFraction) * bandPx;
    curl = { edge, bandPx, radiusPx: Math.max(radiusPx, (bandPx * 2) / Math.PI), shadeFraction: curlRng.uniform(0.05, 0.25) };
    applied.curl = { edge, bandPx: r4(bandPx), radiusPx: r4(curl.radiusPx), shadeFraction: r4(curl.shadeFraction) };
  }
  const bulge = on("bulge");
  let lensK = 0;
  if (bulge) {
    lensK = drawRange(bulge, options.bulge.coefficient);
    applied.bulge = { coefficient: r4(lensK) };
  }
  // Top, right, bottom, left, each a fraction of the page's height or width.
  const sides = (r: Rng, range: [number, number]) => {
    const side = (extent: number) => Math.round(drawRange(r, range) * extent);
    return { top: side(height), right: side(width), bottom: side(height), left: side(width) };
  };
  const cropRng = on("crop");
  const crop = cropRng ? sides(cropRng, options.crop.sideFraction) : { top: 0, right: 0, bottom: 0, left: 0 };
  if (cropRng) applied.crop = { ...crop };
  const padRng = on("pad");
  const pad = padRng ? sides(padRng, options.pad.sideFraction) : { top: 0, right: 0, bottom: 0, left: 0 };
  if (padRng) applied.pad = { ...pad };
  if (Object.keys(applied).length === 0 && !relief) return null;
  const outWidth = width + pad.left + pad.right - crop.left - crop.right;
  const outHeight = height + pad.top + pad.bottom - crop.top - crop.bottom;
  if (outWidth < 16 || outHeight < 16) {
    throw new OptionError("artifacts.crop.sideFraction", `the crop drawn leaves ${outWidth} x ${outHeight} px of a ${width} x ${height} px page; expected at least 16 x 16`);
  }
  const warp: PageWarp = {
    pageWidth: width, pageHeight: height, relief, curl,
    homography: homographyFromPoints(source, corners), lensK,
    frameWidth: width, frameHeight: height,
    offsetX: pad.left - crop.left, offsetY: pad.top - crop.top, outWidth, outHeight,
  };
  return { warp, applied };
}
