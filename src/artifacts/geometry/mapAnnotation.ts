import type { PageAnnotation, Quad } from "../../render/types.js";
import { warpForward, type PageWarp } from "./pageWarp.js";

/**
 * The annotation moved with the pixels: every plotted point and every box corner (leads, text,
 * objects) goes through the same forward map; width, height and x_grid/y_grid (px per 5 mm,
 * taken from the map's local scale at the page centre) follow. Returns how many plotted points
 * now fall outside the image (kept, not dropped: the sample still exists).
 */
export function mapAnnotation(annotation: PageAnnotation, warp: PageWarp): { annotation: PageAnnotation; pointsOutside: number } {
  const mapYX = ([y, x]: [number, number]): [number, number] => {
    const [mx, my] = warpForward(warp, x, y);
    return [my, mx];
  };
  const mapQuad = (q: Quad): Quad => q.map(mapYX) as Quad;
  let pointsOutside = 0;
  const leads = annotation.leads.map((lead) => {
    const plotted_pixels = lead.plotted_pixels.map((p) => {
      const m = mapYX(p);
      if (!(m[0] >= 0 && m[0] < warp.outHeight && m[1] >= 0 && m[1] < warp.outWidth) && Number.isFinite(p[0])) pointsOutside++;
      return m;
    });
    return {
      ...lead,
      plotted_pixels,
      lead_bounding_box: mapQuad(lead.lead_bounding_box),
      text_bounding_box: lead.text_bounding_box ? mapQuad(lead.text_bounding_box) : null,
    };
  });
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
