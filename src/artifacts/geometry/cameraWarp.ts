import type { PageWarp } from "./pageWarp.js";

/**
 * The warp seen on a camera's grid `scale` times the frame's size: the same page-side map (relief,
 * curl, homography, lens) with the frame's side scaled, so grid pixel (col, row) shows frame point
 * ((col + 0.5) / scaleX, (row + 0.5) / scaleY). scaleX and scaleY differ from `scale` by the grid's
 * rounding to whole pixels (the enlargement back to the frame uses the same ratios).
 * `framePxPerPagePx`: the homography's linear scale at the page's centre (how many frame px a
 * page px spans there), for sizes given in frame px that apply on the page.
 */
export function cameraWarp(warp: PageWarp, scale: number): { warp: PageWarp; scaleX: number; scaleY: number; framePxPerPagePx: number } {
  const width = Math.max(1, Math.round(warp.outWidth * scale)), height = Math.max(1, Math.round(warp.outHeight * scale));
  const sx = width / warp.outWidth, sy = height / warp.outHeight, h = warp.homography;
  const camera: PageWarp = {
    ...warp,
    homography: [h[0] * sx, h[1] * sx, h[2] * sx, h[3] * sy, h[4] * sy, h[5] * sy, h[6], h[7], h[8]],
    frameWidth: warp.frameWidth * sx, frameHeight: warp.frameHeight * sy,
    offsetX: warp.offsetX * sx, offsetY: warp.offsetY * sy, outWidth: width, outHeight: height,
  };
  // The Jacobian of the projective map at the page's centre: (h0 - X h6, h1 - X h7; h3 - Y h6, h4 - Y h7) / w.
  const cx = warp.pageWidth / 2, cy = warp.pageHeight / 2, w = h[6] * cx + h[7] * cy + h[8];
  const X = (h[0] * cx + h[1] * cy + h[2]) / w, Y = (h[3] * cx + h[4] * cy + h[5]) / w;
  const det = ((h[0] - X * h[6]) * (h[4] - Y * h[7]) - (h[1] - X * h[7]) * (h[3] - Y * h[6])) / (w * w);
  return { warp: camera, scaleX: sx, scaleY: sy, framePxPerPagePx: Math.sqrt(Math.abs(det)) || 1 };
}
