import type { PageAnnotation, Quad } from "../../render/types.js";
import { forwardMap, mapForward, warpForward, type ForwardMap, type PageWarp } from "./pageWarp.js";

/**
 * The annotation moved with the pixels: every plotted point and every box corner (leads, text,
 * objects) goes through the same forward map; width, height and x_grid/y_grid (px per 5 mm,
 * taken from the map's local scale at the page centre) follow. Returns how many plotted points
 * now fall outside the image (kept, not dropped: the sample still exists).
 */
export function mapAnnotation(annotation: PageAnnotation, warp: PageWarp): { annotation: PageAnnotation; pointsOutside: number } {
  const m = forwardMap(warp), xy = new Float64Array(2), outside = { n: 0 };
  const mapQuad = (q: Quad): Quad => mapPoints(m, q, xy, warp, null) as Quad;
  const leads = annotation.leads.map((lead) => ({
    ...lead,
    plotted_pixels: mapPoints(m, lead.plotted_pixels, xy, warp, outside),
    lead_bounding_box: mapQuad(lead.lead_bounding_box),
    text_bounding_box: lead.text_bounding_box ? mapQuad(lead.text_bounding_box) : null,
  }));
  const pointsOutside = outside.n;
  const cx = warp.pageWidth / 2, cy = warp.pageHeight / 2;
  const [x0, y0] = warpForward(warp, cx, cy);
  const [x1, y1] = warpForward(warp, cx + 1, cy);
  const [x2, y2] = warpForward(warp, cx, cy + 1);
  const objects = annotation.ecgkit.objects?.map((o) => ({ ...o, box: mapQuad(o.box) }));
  return {
    annotation: {
      ...annotation,
      width: warp.outWidth,
      height: warp.outHeight,
      x_grid: annotation.x_grid * Math.hypot(x1 - x0, y1 - y0),
      y_grid: annotation.y_grid * Math.hypot(x2 - x0, y2 - y0),
      leads,
      ecgkit: { ...annotation.ecgkit, ...(objects ? { objects } : {}) },
    },
    pointsOutside,
  };
}

/** [y, x] points through the map; counts into `outside` the finite ones that leave the image. */
function mapPoints(m: ForwardMap, points: readonly [number, number][], xy: Float64Array, warp: PageWarp, outside: { n: number } | null): [number, number][] {
  const out: [number, number][] = new Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    mapForward(m, p[1], p[0], xy);
    const y = xy[1]!, x = xy[0]!;
    out[i] = [y, x];
    if (outside && !(y >= 0 && y < warp.outHeight && x >= 0 && x < warp.outWidth) && Number.isFinite(p[0])) outside.n++;
  }
  return out;
}
