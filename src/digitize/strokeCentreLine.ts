export interface StrokeCentreLineOptions {
  /** First image column of the runs (runTop[0] is column `left`). */
  left: number;
  /** Image width, px (row stride of `ink`). */
  width: number;
  /** Ink darkness of a fully covered trace pixel (0-255). Default: the median of each column's darkest run pixel. */
  fullInk?: number;
  /** Least height (px) a column must stand out past both its borders' values to be a peak or trough vertex. Default 0.3. */
  minExcursionPx?: number;
}

export interface StrokeCentreLine {
  /** Polyline through the stroke's centre, image coordinates (pixel centres at +0.5), xs increasing. */
  xs: Float64Array;
  ys: Float64Array;
  /** Half the vertical thickness of the stroke where it is level, px (sub-pixel). */
  halfStrokePx: number;
  /**
   * x (px, continuous) of the stroke's first and last drawn point: the anti-aliased ink edge at
   * the path's end columns, half a stroke inside (a line's cap reaches that far past its end).
   * NaN without runs.
   */
  startX: number;
  endX: number;
}

/**
 * The centre line of a traced stroke, read from the ink run the path takes in each column.
 * Each run's top and bottom edges are measured to sub-pixel precision from the anti-aliased
 * coverage of its end pixels and the pixels just past them. The line passes through the column
 * BORDERS: a drawn line crosses the border between two columns inside the ink of both, so its
 * height there is the middle of the overlap of the two runs. This keeps steep strokes where they
 * are (a stroke that falls a whole QRS within one column is placed inside that column, not
 * smeared over its neighbours as a per-column centroid does). A column whose ink reaches past
 * both border values and past both neighbours' runs holds a peak (or trough): a vertex half a
 * stroke inside the run's edge, placed within the column by the flanks' asymmetry. Beside it the
 * overlap holds both flanks, so a steep flank crosses at its run's end next to the tip. Along steep
 * strokes each pixel row's horizontal ink centroid places the stroke instead.
 */
export function strokeCentreLine(runTop: Float64Array, runBottom: Float64Array, ink: Uint8Array, options: StrokeCentreLineOptions): StrokeCentreLine {
  const n = runTop.length;
  const { left, width } = options;
  const has = (i: number) => i >= 0 && i < n && Number.isFinite(runTop[i]!);
  const at = (r: number, c: number) => (r < 0 || r * width + c >= ink.length ? 0 : ink[r * width + c]!);
  let full = options.fullInk ?? 0;
  if (!(full > 0)) {
    const peaks: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!has(i)) continue;
      let m = 0;
      for (let r = runTop[i]!; r <= runBottom[i]!; r++) m = Math.max(m, at(r, left + i));
      peaks.push(m);
    }
    peaks.sort((a, b) => a - b);
    full = peaks.length ? peaks[peaks.length >> 1]! : 255;
  }
  const cover = (r: number, c: number) => Math.min(1, at(r, c) / Math.max(1, full));
  // Sub-pixel edges: a pixel row r spans [r, r + 1).
  const top = new Float64Array(n).fill(NaN);
  const bottom = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (!has(i)) continue;
    const c = left + i;
    const t = runTop[i]!;
    const b = runBottom[i]!;
    top[i] = t + 1 - Math.min(2, cover(t, c) + cover(t - 1, c));
    bottom[i] = b + Math.min(2, cover(b, c) + cover(b + 1, c));
  }
  const thick: number[] = [];
  for (let i = 1; i + 1 < n; i++) {
    if (!has(i - 1) || !has(i) || !has(i + 1)) continue;
    // Level stretches only: the runs of both neighbours span the same rows.
    if (Math.abs(top[i - 1]! - top[i + 1]!) < 0.5 && Math.abs(bottom[i - 1]! - bottom[i + 1]!) < 0.5) thick.push(bottom[i]! - top[i]!);
  }
  thick.sort((a, b) => a - b);
  const half = thick.length ? thick[thick.length >> 1]! / 2 : 1;
  const minEx = options.minExcursionPx ?? 0.3;
  const xs: number[] = [];
  const ys: number[] = [];
  const borderValue = (i: number): number => {
    // Border between columns i - 1 and i.
    const lo = Math.max(top[i - 1]!, top[i]!);
    const hi = Math.min(bottom[i - 1]!, bottom[i]!);
    return (lo + hi) / 2;
  };
  // A column whose run is taller than this holds a steep stretch of the line.
  const steepPx = 4 * half + 1;
  const tall = (i: number) => bottom[i]! - top[i]! > steepPx;
  // A steep flank beside a peak (trough) column crosses into it near its run's end next to the
  // tip, not at the middle of the two runs' overlap, which holds both flanks (on ECG-Image-Kit
  // pages R-wave downstrokes read half a pixel early). The run's end itself lies too close to the
  // tip (the tip's round join reaches into the flank's column), so the crossing is taken halfway
  // between the two bounds.
  const flankEnd = (i: number, peak: boolean) => (peak ? top[i]! + half : bottom[i]! - half);
  // Per column: the peak (+1) or trough (-1) vertex it holds, if any.
  const tipX = new Float64Array(n).fill(NaN);
  const tipY = new Float64Array(n).fill(NaN);
  const tipKind = new Int8Array(n);
  for (let i = 1; i + 1 < n; i++) {
    if (!has(i - 1) || !has(i) || !has(i + 1)) continue;
    const vl = borderValue(i);
    const vr = borderValue(i + 1);
    const peakY = top[i]! + half;
    const troughY = bottom[i]! - half;
    const isPeak = top[i]! <= top[i - 1]! && top[i]! <= top[i + 1]! && peakY < Math.min(vl, vr) - minEx;
    const isTrough = bottom[i]! >= bottom[i - 1]! && bottom[i]! >= bottom[i + 1]! && troughY > Math.max(vl, vr) + minEx;
    const usePeak = isPeak && (!isTrough || Math.min(vl, vr) - peakY >= troughY - Math.max(vl, vr));
    if (!usePeak && !isTrough) continue;
    const tip = usePeak ? peakY : troughY;
    // A spike with straight flanks peaks nearer the border its line crosses higher at.
    const yl = tall(i - 1) ? flankEnd(i - 1, usePeak) : vl;
    const yr = tall(i + 1) ? flankEnd(i + 1, usePeak) : vr;
    const depth = yl + yr - 2 * tip;
    const off = depth !== 0 ? (yl - yr) / (2 * depth) : 0;
    tipX[i] = left + i + 0.5 + Math.max(-0.45, Math.min(0.45, off));
    tipY[i] = tip;
    tipKind[i] = usePeak ? 1 : -1;
  }
  // Where the line crosses the border between columns i - 1 and i.
  const crossing = (i: number): number => {
    if (tipKind[i] !== 0 && tall(i - 1)) return (flankEnd(i - 1, tipKind[i] === 1) + borderValue(i)) / 2;
    if (tipKind[i - 1] !== 0 && tall(i)) return (flankEnd(i, tipKind[i - 1] === 1) + borderValue(i)) / 2;
    return borderValue(i);
  };
  // A steep stroke crosses each pixel row once: there its horizontal ink centroid places it far
  // more precisely than a column's vertical extent does.
  const steepDir = (i: number): number => {
    if (i < 1 || i + 1 >= n || !has(i - 1) || !has(i) || !has(i + 1) || Number.isFinite(tipY[i]!)) return 0;
    if (bottom[i]! - top[i]! <= steepPx) return 0;
    return Math.sign(borderValue(i + 1) - borderValue(i));
  };
  const rowPoints = (i: number, j: number): { x: number; y: number }[] | undefined => {
    const ya = borderValue(i);
    const yb = borderValue(j + 1);
    const margin = 1.5 * half;
    const pts: { x: number; y: number }[] = [];
    let rows = 0;
    const c0 = left + i - 3;
    const c1 = left + j + 3;
    if (c0 < 0 || c1 >= width) return undefined;
    for (let r = Math.ceil(Math.min(ya, yb) + margin - 0.5); r + 0.5 < Math.max(ya, yb) - margin; r++) {
      let best: { w: number; wx: number; inside: number; open: boolean } | undefined;
      let seg = { w: 0, wx: 0, inside: 0, open: false };
      for (let c = c0; c <= c1 + 1; c++) {
        const v = c <= c1 ? cover(r, c) : 0;
        if (v > 0.1) {
          if (seg.w === 0 && c === c0) seg.open = true;
          seg.w += v;
          seg.wx += v * (c + 0.5);
          if (c >= left + i && c <= left + j) seg.inside += v;
          if (c === c1) seg.open = true;
        } else if (seg.w > 0) {
          if (seg.inside > 0 && (!best || seg.inside > best.inside)) best = seg;
          seg = { w: 0, wx: 0, inside: 0, open: false };
        }
      }
      // A row wider than one stroke holds both flanks of a spike (or a flat stretch): the
      // columns read better there.
      rows++;
      if (!best || best.open || best.w > 2 * half) continue;
      pts.push({ x: best.wx / best.w, y: r + 0.5 });
    }
    // Mostly merged flanks: a spike, read by columns.
    if (pts.length < 0.75 * rows) return undefined;
    return pts.sort((a, b) => a.x - b.x);
  };
  const push = (x: number, y: number) => {
    if (xs.length && x <= xs[xs.length - 1]! + 1e-6) return;
    xs.push(x);
    ys.push(y);
  };
  for (let i = 0; i < n; i++) {
    if (!has(i)) continue;
    const x = left + i;
    const prev = has(i - 1);
    const next = has(i + 1);
    if (prev) push(x, crossing(i));
    if (!prev || !next) {
      // An isolated column or a path end: its own middle.
      push(x + 0.5, (top[i]! + bottom[i]!) / 2);
      continue;
    }
    const dir = steepDir(i);
    if (dir !== 0) {
      let j = i;
      while (steepDir(j + 1) === dir) j++;
      const pts = rowPoints(i, j);
      if (pts) {
        for (const p of pts) if (p.x > x && p.x < left + j + 1) push(p.x, p.y);
        i = j;
        continue;
      }
    }
    if (Number.isFinite(tipY[i]!)) push(tipX[i]!, tipY[i]!);
  }
  let first = 0;
  while (first < n && !has(first)) first++;
  let last = n - 1;
  while (last >= 0 && !has(last)) last--;
  // Coverage of a column over the rows of run i (and one row either side): how much of the column's width the stroke fills.
  const colCover = (i: number, c: number) => {
    let m = 0;
    for (let r = runTop[i]! - 1; r <= runBottom[i]! + 1; r++) m = Math.max(m, cover(r, c));
    return m;
  };
  const startX = first < n ? left + first + 1 - colCover(first, left + first) - (left + first > 0 ? colCover(first, left + first - 1) : 0) + half : NaN;
  const endX = last >= 0 ? left + last + colCover(last, left + last) + (left + last + 1 < width ? colCover(last, left + last + 1) : 0) - half : NaN;
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys), halfStrokePx: half, startX, endX };
}
