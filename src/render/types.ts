/**
 * What the generator produces and the artifact stage transforms. Geometry convention, stated
 * once for all of ecgkit: pixel (col, row) has its centre at (col + 0.5, row + 0.5); x grows to
 * the right, y grows down; points in annotations are written [y, x] as in ECG-Image-Kit.
 * A positive angleDeg rotates the page content counter-clockwise as seen on screen.
 */

/**
 * RGBA pixels, row-major, 4 bytes a pixel, not premultiplied. `data` may be a view of a larger
 * buffer (artifacts reuse pooled buffers): read it through its byteOffset and length, not `data.buffer` whole.
 */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Four corners [y, x]: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [[number, number], [number, number], [number, number], [number, number]];

export interface LeadAnnotation {
  lead_name: string;
  /** Index of the layout cell (0-based) this trace belongs to; bit `cell` in the mask. */
  cell: number;
  start_sample: number;
  /** Exclusive end, as in ECG-Image-Kit. */
  end_sample: number;
  /** [y, x] in px for every plotted sample from start_sample to end_sample - 1. */
  plotted_pixels: [number, number][];
  lead_bounding_box: Quad;
  text_bounding_box: Quad | null;
  /** ecgkit: samples in [start_sample, end_sample) not drawn (invalid or off the page); absent when all are drawn. */
  unplotted_samples?: number[];
}

/** A box of anything else on the page (handwriting, header text, QR code), corners [y, x]. */
export interface ObjectBox {
  kind: string;
  text?: string;
  box: Quad;
}

/** Ground truth of one page in ECG-Image-Kit's schema plus ecgkit's own fields. */
export interface PageAnnotation {
  sampling_frequency: number;
  width: number;
  height: number;
  /** px per 5 mm, horizontally and vertically. */
  x_grid: number;
  y_grid: number;
  resolution: number;
  pad_inches: number;
  leads: LeadAnnotation[];
  /** ECG-Image-Kit's detailed-mode fields, written by the generator (RGB 0-255; null colours when there is no grid). */
  grid_line_color_major?: number[] | null;
  grid_line_color_minor?: number[] | null;
  ecg_plot_color?: number[];
  dc_pulse?: boolean;
  gridlines?: boolean;
  printed_text?: boolean;
  number_of_columns_in_image?: number;
  full_mode_lead?: string | null;
  /** ecgkit's own fields: paper settings, layout, px per mm, random choices, artifacts applied. */
  ecgkit: Record<string, unknown> & { objects?: ObjectBox[] };
}

/**
 * A rendered page with its exact truth. `traceMask` holds, per pixel, a bit per layout cell
 * (bit k set where cell k's trace is drawn), so overlapping leads are all recoverable.
 */
export interface RenderedPage {
  image: RgbaImage;
  traceMask: Uint16Array;
  annotation: PageAnnotation;
}
