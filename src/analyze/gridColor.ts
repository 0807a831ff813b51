import type { RgbaImage } from "../render/types.js";

export interface GridColor {
  /** Mean colour of the grid-line pixels, 0-255. */
  rgb: [number, number, number];
  /** red, pink, orange, brown, yellow, green, blue, purple, grey, black or none. */
  name: string;
}

/** Colour name of an RGB triple from hue, saturation and lightness. */
export function nameColor(r: number, g: number, b: number): string {
  const mx = Math.max(r, g, b) / 255;
  const mn = Math.min(r, g, b) / 255;
  const l = (mx + mn) / 2;
  const sat = mx === mn ? 0 : (mx - mn) / (1 - Math.abs(2 * l - 1));
  if (sat < 0.18) return l < 0.3 ? "black" : "grey";
  let h: number;
  const d = mx - mn;
  if (mx === r / 255) h = (60 * ((g - b) / 255 / d) + 360) % 360;
  else if (mx === g / 255) h = 60 * ((b - r) / 255 / d + 2);
  else h = 60 * ((r - g) / 255 / d + 4);
  if (h < 15 || h >= 330) return l > 0.7 ? "pink" : "red";
  if (h < 45) return l < 0.45 ? "brown" : "orange";
  if (h < 70) return "yellow";
  if (h < 170) return "green";
  if (h < 260) return "blue";
  return l > 0.65 ? "pink" : "purple";
}

/**
 * Grid colour: the mean colour of pixels darker than the paper in some channel (grid darkness
 * 255 - min channel >= 40) but not among the darkest 5 % (trace, text). `hasGrid` false gives "none".
 */
export function gridColor(image: RgbaImage, hasGrid: boolean): GridColor {
  if (!hasGrid) return { rgb: [255, 255, 255], name: "none" };
  const d = image.data;
  const n = image.width * image.height;
  const hist = new Uint32Array(256);
  const step = n > 2_000_000 ? 3 : 1;
  for (let i = 0; i < n; i += step) hist[255 - Math.min(d[4 * i]!, d[4 * i + 1]!, d[4 * i + 2]!)]!++;
  let clip = 255;
  for (let acc = 0, v = 255; v >= 0; v--) {
    acc += hist[v]!;
    if (acc > (n / step) * 0.05) {
      clip = v;
      break;
    }
  }
  let r = 0;
  let g = 0;
  let b = 0;
  let k = 0;
  for (let i = 0; i < n; i += step) {
    const dark = 255 - Math.min(d[4 * i]!, d[4 * i + 1]!, d[4 * i + 2]!);
    if (dark < 40 || dark >= clip) continue;
    r += d[4 * i]!;
    g += d[4 * i + 1]!;
    b += d[4 * i + 2]!;
    k++;
  }
  if (!k) return { rgb: [255, 255, 255], name: "none" };
  const rgb: [number, number, number] = [Math.round(r / k), Math.round(g / k), Math.round(b / k)];
  return { rgb, name: nameColor(...rgb) };
}
