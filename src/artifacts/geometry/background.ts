import type { Rng } from "../../util/rng.js";
import { r4 } from "../draw.js";
import { sampleField, valueNoiseField, type CoarseField } from "../field.js";
import type { BackgroundFn, BackgroundRowsFn, BackgroundCellsFn } from "./resamplePage.js";

/** Surfaces a page is photographed on: base colour and the texture drawn over it. */
const SURFACES: Record<string, { rgb: [number, number, number]; texture: "wood" | "fabric" | "plain" }> = {
  wood: { rgb: [150, 105, 65], texture: "wood" },
  lightWood: { rgb: [196, 158, 112], texture: "wood" },
  darkDesk: { rgb: [52, 52, 58], texture: "plain" },
  greyTable: { rgb: [165, 165, 160], texture: "plain" },
  whiteTable: { rgb: [226, 222, 214], texture: "plain" },
  blueCloth: { rgb: [70, 82, 100], texture: "fabric" },
  greenCloth: { rgb: [80, 110, 95], texture: "fabric" },
  beigeDesk: { rgb: [190, 175, 150], texture: "plain" },
};
const FLOORS: [number, number, number][] = [[60, 55, 50], [110, 100, 90], [35, 35, 40], [150, 140, 125]];
const OBJECTS: Record<string, [number, number, number]> = { pen: [30, 40, 110], blackPen: [25, 25, 28], phone: [22, 22, 26], stickyNote: [235, 215, 95] };

/** A convex quad given by its edges as half-planes nx * x + ny * y <= c (frame px). */
interface Quad4 { nx: Float64Array; ny: Float64Array; c: Float64Array; x0: number; y0: number; x1: number; y1: number }

/** exp(-t) for t in [0, 8], tabulated (the shadows' falloff, per pixel). */
const EXP_STEPS = 64;
const EXP = Float32Array.from({ length: 8 * EXP_STEPS + 2 }, (_, i) => Math.exp(-i / EXP_STEPS));
function expNeg(t: number): number {
  return t >= 8 ? 0 : EXP[(t * EXP_STEPS + 0.5) | 0]!;
}

/**
 * What a photographed page lies on (frame px): a table with wood grain, fabric weave or a plain
 * blotchy finish; sometimes the table's edge with the floor beyond, another sheet of paper and
 * an object (pen, phone, sticky note) partly in frame; the soft shadows the page and these cast.
 * Everything is drawn per output pixel from precomputed tables (no per-pixel noise evaluation):
 * a 1D grain profile, a weave tile, a coarse blotch field. Never drawn over the page.
 * `gridScale`: output px per frame px of the grid the desk is asked for (a camera's smaller grid;
 * default 1): its points (frame points, columns) are in that grid's px, the scene stays in frame px.
 */
export function deskBackground(rng: Rng, width: number, height: number, pageWidth: number, pageHeight: number, gridScale = 1): { fn: BackgroundFn; rows: BackgroundRowsFn; cells: BackgroundCellsFn; applied: Record<string, unknown> } {
  const surface = rng.pick(Object.keys(SURFACES));
  const spec = SURFACES[surface]!;
  const shade = rng.uniform(0.85, 1.15);
  const base = spec.rgb.map((v) => v * shade * rng.uniform(0.96, 1.04));
  const blotchRng = rng.fork("blotch");
  const seed = rng.nextUint32();
  const diag = Math.hypot(width, height);
  const shadowDepth = rng.uniform(0.2, 0.5), shadowSoftPx = rng.uniform(4, 16);
  const shadowAngle = rng.uniform(0, 2 * Math.PI), shadowOffsetPx = rng.uniform(2, 12);
  const ox = Math.cos(shadowAngle) * shadowOffsetPx, oy = Math.sin(shadowAngle) * shadowOffsetPx;
  const applied: Record<string, unknown> = { surface, rgb: base.map(r4), shadowDepthFraction: r4(shadowDepth), shadowSoftnessPx: r4(shadowSoftPx), shadowOffsetYX: [r4(oy), r4(ox)] };

  // Texture: a grain direction; wood = 1D ring profile along the normal, warped by the blotch field.
  const tex = rng.fork("texture");
  const grainAngle = tex.uniform(0, Math.PI), gx = Math.cos(grainAngle), gy = Math.sin(grainAngle);
  const warpPx = spec.texture === "wood" ? tex.uniform(20, 80) : 0;
  // Blotches are ~300 px wide: a 16 px lattice is ample.
  const smooth = valueNoiseField(blotchRng, 300, 3, width, height, 16);
  const profile = spec.texture === "wood" ? woodProfile(tex) : null;
  const weavePeriod = spec.texture === "fabric" ? tex.int(14, 22) : 0;
  const weave = spec.texture === "fabric" ? weaveTile(tex, weavePeriod) : null;
  const blotchAmp = spec.texture === "plain" ? 0.12 : 0.07;
  applied.texture = { kind: spec.texture, grainDeg: r4((grainAngle * 180) / Math.PI), ...(warpPx ? { warpPx: r4(warpPx) } : {}), ...(weavePeriod ? { weavePeriodPx: weavePeriod } : {}) };

  // Table edge: beyond the line n . p > c lies the floor (darker, out of focus), with a bright bevel.
  const sceneRng = rng.fork("scene");
  let edge: { nx: number; ny: number; c: number; rgb: number[]; bevelPx: number } | null = null;
  if (sceneRng.chance(0.35)) {
    const a = sceneRng.uniform(0, 2 * Math.PI), nx = Math.cos(a), ny = Math.sin(a);
    // The line passes near the frame border in the direction n (a strip of floor, 3-20% of the frame).
    const reach = Math.abs(nx) * width / 2 + Math.abs(ny) * height / 2;
    const c = nx * width / 2 + ny * height / 2 + reach * sceneRng.uniform(0.6, 0.94);
    const floorShade = sceneRng.uniform(0.8, 1.2);
    edge = { nx, ny, c, rgb: sceneRng.pick(FLOORS).map((v) => v * floorShade), bevelPx: sceneRng.uniform(2, 7) };
    applied.tableEdge = { normalDeg: r4((a * 180) / Math.PI), offsetPx: r4(c), floorRgb: edge.rgb.map(r4), bevelPx: r4(edge.bevelPx) };
  }
  // Another sheet under the page, sticking out on one side; and an object beside the page.
  let sheet: { quad: Quad4; tone: number; linePx: number; lineAngle: number; ruled: boolean } | null = null;
  if (sceneRng.chance(0.35)) {
    const quad = sideRect(sceneRng, width, height, pageWidth * sceneRng.uniform(0.5, 0.9), pageHeight * sceneRng.uniform(0.5, 0.9), 0.25);
    sheet = { quad: quad.edges, tone: sceneRng.uniform(225, 250), linePx: sceneRng.uniform(18, 40), lineAngle: quad.angle, ruled: sceneRng.chance(0.6) };
    applied.otherSheet = { cornersYX: quad.corners.map(([x, y]) => [r4(y), r4(x)]), tone: r4(sheet.tone), ruled: sheet.ruled };
  }
  let object: { quad: Quad4; rgb: number[]; highlight: boolean } | null = null;
  if (sceneRng.chance(0.3)) {
    const kind = sceneRng.pick(Object.keys(OBJECTS));
    const [lw, lh] = kind === "phone" ? [0.07, 0.14] : kind === "stickyNote" ? [0.08, 0.08] : [0.16, 0.008];
    const quad = sideRect(sceneRng, width, height, diag * lw, diag * lh, 0.45);
    const objectShade = sceneRng.uniform(0.85, 1.15);
    object = { quad: quad.edges, rgb: OBJECTS[kind]!.map((v) => v * objectShade), highlight: kind !== "stickyNote" };
    applied.object = { kind, cornersYX: quad.corners.map(([x, y]) => [r4(y), r4(x)]) };
  }

  const scene: Scene = { smooth, seed, base, blotchAmp, profile, gx, gy, warpPx, weave, weavePeriod, edge, object, sheet, shadowSoftPx, ox, oy };
  // The scene (without the page's shadow) at a quarter of the grid's resolution (nodes every 4 / gridScale frame px: it is out of focus anyway), in tiles computed when first needed.
  const sampler = tiledSampler(width, height, 4 / gridScale, scene);
  const desk: Desk = { sampler, step: sampler.scale * gridScale, ox, oy, pageWidth, pageHeight, shadowDepth, shadowSoftPx, rowWords: new Int32Array(0) };
  // One pixel (page edges) through the row form, so the per-pixel code exists once.
  const one = new Float64Array(1), oneX = new Float64Array(1), oneY = new Float64Array(1);
  const fn: BackgroundFn = (x, y, rgb, pageX, pageY) => { one[0] = x; oneX[0] = pageX; oneY[0] = pageY; deskRow(desk, y, 1, one, oneX, oneY, rgb); };
  const rows: BackgroundRowsFn = (y, n, xs, pageXs, pageYs, rgb) => deskRow(desk, y, n, xs, pageXs, pageYs, rgb);
  const cells: BackgroundCellsFn = (y, count, cols, lens, page, words) => deskCells(desk, y, count, cols, lens, page, words);
  return { fn, rows, cells, applied };
}

/** What the desk shows at a point, before the page's shadow: plain data for sceneAt (a closure made per page was compiled again on every page). */
interface Scene {
  smooth: CoarseField; seed: number; base: number[]; blotchAmp: number;
  profile: Float32Array | null; gx: number; gy: number; warpPx: number; weave: Float32Array | null; weavePeriod: number;
  edge: { nx: number; ny: number; c: number; rgb: number[]; bevelPx: number } | null;
  object: { quad: Quad4; rgb: number[]; highlight: boolean } | null;
  sheet: { quad: Quad4; tone: number; linePx: number; lineAngle: number; ruled: boolean } | null;
  shadowSoftPx: number; ox: number; oy: number;
}

/** Shadows cast by the other sheet and the object on the desk. */
const CAST_DEPTH = 0.35;

/** The scene's colour at frame point (i step, j step): surface, texture, table edge, object, other sheet and their shadows. */
function sceneAt(sc: Scene, i: number, j: number, step: number, rgb: Float32Array): void {
  // Node indices and their spacing, not the point: V8 boxes double arguments of calls it does not inline (MBs a page here).
  const x = i * step, y = j * step;
  const { smooth, profile, weave, edge, object, sheet, shadowSoftPx } = sc;
  const s = sampleField(smooth, x, y);
  let f = 1 + sc.blotchAmp * s + 0.04 * (hash(x, y, sc.seed) - 0.5);
  let r = sc.base[0]!, g = sc.base[1]!, b = sc.base[2]!;
  if (profile) {
    const v = x * -sc.gy + y * sc.gx + sc.warpPx * s;
    f *= profile[((v * 2) | 0) & PROFILE_MASK]!;
  } else if (weave) {
    const p = sc.weavePeriod, u = (x * sc.gx + y * sc.gy) | 0, v = (x * -sc.gy + y * sc.gx) | 0;
    let wu = u % p, wv = v % p;
    if (wu < 0) wu += p;
    if (wv < 0) wv += p;
    f *= weave[wv * p + wu]!;
  }
  let onTop = false;
  if (edge) {
    const d = edge.nx * x + edge.ny * y - edge.c;
    if (d > 0) {
      r = edge.rgb[0]!; g = edge.rgb[1]!; b = edge.rgb[2]!;
      f = 1 + 0.05 * sampleField(smooth, x * 0.3, y * 0.3);
      onTop = true;
    } else if (d > -edge.bevelPx) f *= 1.25 - 0.1 * (d / -edge.bevelPx);
  }
  if (!onTop && object && quadDistance(object.quad, x, y) <= 0) {
    r = object.rgb[0]!; g = object.rgb[1]!; b = object.rgb[2]!;
    f = object.highlight && quadDistance(object.quad, x - 2, y - 2) > -1.5 ? 2.2 : 1;
    onTop = true;
  }
  if (!onTop && sheet) {
    const d = quadDistance(sheet.quad, x, y, 4 * shadowSoftPx);
    if (d <= 0) {
      r = g = b = sheet.tone;
      f = 1;
      if (sheet.ruled) {
        const t = (x * Math.cos(sheet.lineAngle) + y * Math.sin(sheet.lineAngle)) / sheet.linePx;
        const fr = t - Math.floor(t), dist = Math.min(fr, 1 - fr) * sheet.linePx;
        if (dist < 2) { const k = 0.2 * (1 - dist / 2); r *= 1 - k; g *= 1 - 0.75 * k; b *= 1 - 0.15 * k; }
      }
      onTop = true;
    } else if (d < 4 * shadowSoftPx) f *= 1 - CAST_DEPTH * expNeg(d / shadowSoftPx);
  }
  if (!onTop && object) {
    const d = quadDistance(object.quad, x - sc.ox, y - sc.oy, 4 * shadowSoftPx);
    if (d < 4 * shadowSoftPx) f *= 1 - CAST_DEPTH * expNeg(Math.max(0, d) / shadowSoftPx);
  }
  rgb[0] = r * f; rgb[1] = g * f; rgb[2] = b * f;
}

/**
 * sceneAt once through every branch (wood, weave, plain; table edge and bevel; object, its
 * highlight and shadow; a ruled sheet and its shadow) when the module loads: otherwise a page
 * whose desk took a branch not seen before threw the optimised code away (~6 ms a page).
 */
function warmScene(): void {
  const rect = (x0: number, y0: number, x1: number, y1: number): Quad4 => ({ nx: Float64Array.of(0, 1, 0, -1), ny: Float64Array.of(-1, 0, 1, 0), c: Float64Array.of(-y0, x1, y1, -x0), x0, y0, x1, y1 });
  const smooth = { width: 4, height: 4, cellPx: 16, data: new Float32Array(16) }, rgb = new Float32Array(3);
  for (const kind of [0, 1, 2]) {
    const sc: Scene = {
      smooth, seed: 1, base: [100, 100, 100], blotchAmp: 0.1, profile: kind === 0 ? new Float32Array(PROFILE_MASK + 1).fill(1) : null, gx: 1, gy: 0, warpPx: 1,
      weave: kind === 1 ? new Float32Array(16).fill(1) : null, weavePeriod: 4, edge: { nx: 1, ny: 0, c: 40, rgb: [50, 50, 50], bevelPx: 3 },
      object: { quad: rect(0, 0, 10, 10), rgb: [20, 20, 20], highlight: true }, sheet: { quad: rect(20, 0, 30, 10), tone: 240, linePx: 4, lineAngle: 0.3, ruled: true }, shadowSoftPx: 4, ox: 2, oy: 2,
    };
    for (let i = 0; i < 40; i++) for (const [x, y] of [[5, 5], [1, 1], [25, 5], [12, 20], [18, 5], [38.5, 5], [45, 5], [33, 30]] as const) sceneAt(sc, x, y, 1 + (i % 3) * 0.1, rgb);
  }
}
/** What deskRow needs: the scene's samples and the page's shadow. Plain data, so the per-pixel code is a module function V8 optimises once for all pages. */
interface Desk { sampler: TiledSampler; /** Grid px between the sampler's nodes. */ step: number; ox: number; oy: number; pageWidth: number; pageHeight: number; shadowDepth: number; shadowSoftPx: number; rowWords: Int32Array }

/**
 * The desk at n points of one row (frame points (xs[k], y); page points (pageXs[k], pageYs[k]), NaN: none):
 * the scene's bilinear sample with the page's soft shadow, RGB into rgb[3k..3k+2].
 */
function deskRow(desk: Desk, y: number, n: number, xs: Float64Array, pageXs: Float64Array, pageYs: Float64Array, rgb: Float32Array): void {
  const { lw, lh, tilesX, nodes, built } = desk.sampler, scale = desk.step;
  const v = Math.min(Math.max(0, y / scale), lh - 1.001), j = v | 0, b = v - j, tj = (j / TILE) | 0;
  // Tiles built per point, not over the span of the points: a row's points may lie on both sides of the page.
  for (let k = 0, o = 0; k < n; k++, o += 3) {
    const u = Math.min(Math.max(0, xs[k]! / scale), lw - 1.001);
    const i = u | 0, a = u - i, ti = (i / TILE) | 0;
    if (built[tj * tilesX + ti] === 0) buildTile(desk.sampler, ti, tj);
    const q = j * lw + i;
    const n00 = nodes[q]!, n01 = nodes[q + 1]!, n10 = nodes[q + lw]!, n11 = nodes[q + lw + 1]!;
    const w00 = (1 - a) * (1 - b), w01 = a * (1 - b), w10 = (1 - a) * b, w11 = a * b;
    const f = shadow(desk, pageXs[k]!, pageYs[k]!);
    rgb[o] = ((n00 & 255) * w00 + (n01 & 255) * w01 + (n10 & 255) * w10 + (n11 & 255) * w11) * f;
    rgb[o + 1] = (((n00 >> 8) & 255) * w00 + ((n01 >> 8) & 255) * w01 + ((n10 >> 8) & 255) * w10 + ((n11 >> 8) & 255) * w11) * f;
    rgb[o + 2] = (((n00 >> 16) & 255) * w00 + ((n01 >> 16) & 255) * w01 + ((n10 >> 16) & 255) * w10 + ((n11 >> 16) & 255) * w11) * f;
  }
}

/**
 * deskRow for a row's cells wholly off the page, in integers (see BackgroundCellsFn): the lattice
 * rows blended once over each stretch of adjacent cells, the page's shadow only for cells within
 * its reach. Within 2 levels of deskRow's floats.
 */
function deskCells(desk: Desk, y: number, count: number, cols: Int32Array, lens: Int32Array, page: Float64Array, words: Int32Array): void {
  const k256 = 256 / desk.step, uMax = (desk.sampler.lw - 1.001) * 256;
  for (let m = 0; m < count;) {
    // A stretch of adjacent cells m .. e - 1.
    let e = m + 1;
    while (e < count && cols[e]! === cols[e - 1]! + lens[e - 1]!) e++;
    const i0 = blendNodes(desk, y, cols[m]! + 0.5, cols[e - 1]! + lens[e - 1]! - 0.5), row = desk.rowWords;
    for (; m < e; m++) {
      const c0 = cols[m]!, n = lens[m]!, pageX = page[4 * m]!, pageY = page[4 * m + 1]!, dPageX = page[4 * m + 2]!, dPageY = page[4 * m + 3]!;
      // Both ends past the shadow's reach on the same side of the page: so is every point between (the cell is a straight segment).
      const lit = !(pageX === pageX) || farFromPage(desk, pageX, pageY, pageX + dPageX * (n - 1), pageY + dPageY * (n - 1));
      for (let k = 0; k < n; k++) {
        // The lattice position in 1/256 of a node; red and blue blended together in the halves of one integer.
        const u = Math.min(Math.max(0, (c0 + k + 0.5) * k256), uMax) | 0, q = (u >> 8) - i0, a = u & 255;
        const w0 = row[q]!, w1 = row[q + 1]!;
        let rb = ((Math.imul(w0 & RB, 256 - a) + Math.imul(w1 & RB, a) + 0x00800080) >>> 8) & RB;
        let g = (Math.imul((w0 >> 8) & 255, 256 - a) + Math.imul((w1 >> 8) & 255, a) + 128) >> 8;
        if (!lit) {
          const f = (shadow(desk, pageX + dPageX * k, pageY + dPageY * k) * 256 + 0.5) | 0;
          rb = ((Math.imul(rb, f) + 0x00800080) >>> 8) & RB;
          g = (g * f + 128) >> 8;
        }
        words[c0 + k] = rb | (g << 8);
      }
    }
  }
}

/** Red and blue bytes of an RGB word. */
const RB = 0x00ff00ff;

/**
 * The scene's lattice rows around frame row y blended (RGB words into desk.rowWords) over the nodes
 * that frame x in [x0, x1] needs, their tiles built first. Returns the first node's index.
 */
function blendNodes(desk: Desk, y: number, x0: number, x1: number): number {
  const { lw, lh, tilesX, nodes, built } = desk.sampler, scale = desk.step;
  const v = Math.min(Math.max(0, y / scale), lh - 1.001), j = v | 0, b = ((v - j) * 256 + 0.5) | 0, tj = (j / TILE) | 0;
  const i0 = Math.min(Math.max(0, x0 / scale), lw - 1.001) | 0, i1 = (Math.min(Math.max(0, x1 / scale), lw - 1.001) | 0) + 1;
  for (let ti = (i0 / TILE) | 0; ti <= (((i1 - 1) / TILE) | 0); ti++) if (built[tj * tilesX + ti] === 0) buildTile(desk.sampler, ti, tj);
  if (desk.rowWords.length < i1 - i0 + 1) desk.rowWords = new Int32Array(i1 - i0 + 65);
  const row = desk.rowWords;
  for (let i = i0, o = 0; i <= i1; i++, o++) {
    const a = nodes[j * lw + i]!, c = nodes[(j + 1) * lw + i]!;
    const rb = ((Math.imul(a & RB, 256 - b) + Math.imul(c & RB, b) + 0x00800080) >>> 8) & RB;
    row[o] = rb | (((Math.imul((a >> 8) & 255, 256 - b) + Math.imul((c >> 8) & 255, b) + 128) >> 8) << 8);
  }
  return i0;
}

/** The page's soft shadow (a gain, 1 = none) at page point (pageX, pageY) (NaN: none). */
function shadow(desk: Desk, pageX: number, pageY: number): number {
  if (!(pageX === pageX)) return 1;
  const px = pageX - desk.ox, py = pageY - desk.oy, pw = desk.pageWidth, ph = desk.pageHeight, soft = desk.shadowSoftPx, reach = 8 * soft;
  // Distance to the page rectangle (written out: Math.hypot/max with many arguments are slow per pixel).
  const ex = px < 0 ? -px : px > pw ? px - pw : 0, ey = py < 0 ? -py : py > ph ? py - ph : 0;
  if (ex >= reach || ey >= reach) return 1;
  const d = Math.sqrt(ex * ex + ey * ey);
  return d < reach ? 1 - desk.shadowDepth * expNeg(d / soft) : 1;
}

/** Whether the segment between two page points stays beyond the shadow's reach of the (shifted) page rectangle: both ends beyond the same side. */
function farFromPage(desk: Desk, xa: number, ya: number, xb: number, yb: number): boolean {
  const reach = 8 * desk.shadowSoftPx, l = desk.ox - reach, t = desk.oy - reach, r = desk.ox + desk.pageWidth + reach, b = desk.oy + desk.pageHeight + reach;
  return (xa <= l && xb <= l) || (xa >= r && xb >= r) || (ya <= t && yb <= t) || (ya >= b && yb >= b);
}

const PROFILE_MASK = 8191;
const TILE = 16;

/**
 * The scene sampled (sceneAt) on a lattice every `scale` px, evaluated tile by tile (TILE x TILE
 * nodes) the first time a tile is needed (a photo's background shows in only part of the frame),
 * kept as 8-bit RGB words.
 */
interface TiledSampler { scale: number; lw: number; lh: number; tilesX: number; nodes: Int32Array; built: Uint8Array; scene: Scene; tmp: Float32Array }

function tiledSampler(width: number, height: number, scale: number, scene: Scene): TiledSampler {
  const tilesX = Math.ceil((width / scale + 2) / TILE), tilesY = Math.ceil((height / scale + 2) / TILE);
  const lw = tilesX * TILE, lh = tilesY * TILE;
  return { scale, lw, lh, tilesX, nodes: new Int32Array(lw * lh), built: new Uint8Array(tilesX * tilesY), scene, tmp: new Float32Array(3) };
}

/** Tile (ti, tj)'s nodes plus the first row and column of the next (the same values it would compute), so one check per sample suffices. */
function buildTile(t: TiledSampler, ti: number, tj: number): void {
  const { lw, lh, scale, nodes, tmp, scene } = t;
  for (let j = tj * TILE; j <= Math.min(lh - 1, (tj + 1) * TILE); j++) for (let i = ti * TILE; i <= Math.min(lw - 1, (ti + 1) * TILE); i++) {
    sceneAt(scene, i, j, scale, tmp);
    nodes[j * lw + i] = (Math.min(255, tmp[0]! + 0.5) | 0) | ((Math.min(255, tmp[1]! + 0.5) | 0) << 8) | ((Math.min(255, tmp[2]! + 0.5) | 0) << 16);
  }
  t.built[tj * t.tilesX + ti] = 1;
}


/** Wood seen across the grain: growth rings of random width (dark latewood edge) plus fine fibre lines; gain around 1. */
function woodProfile(rng: Rng): Float32Array {
  const p = new Float32Array(PROFILE_MASK + 1);
  let i = 0;
  while (i < p.length) {
    const ring = rng.int(30, 140), dark = rng.uniform(0.08, 0.2);
    for (let k = 0; k < ring && i < p.length; k++, i++) {
      const t = k / ring;
      p[i] = 1 + 0.05 - dark * t ** 3;
    }
  }
  // Fine fibres: short-range random variation, smoothed over 2 entries (1 px).
  let prev = 0;
  for (let k = 0; k < p.length; k++) {
    prev = 0.5 * prev + 0.5 * rng.uniform(-1, 1);
    p[k]! += 0.05 * prev;
  }
  return p;
}

/** Plain weave: threads alternately over and under, each thread rounded (dark at its sides). */
function weaveTile(rng: Rng, period: number): Float32Array {
  const t = new Float32Array(period * period);
  const half = period / 2, depth = rng.uniform(0.1, 0.2);
  for (let v = 0; v < period; v++) for (let u = 0; u < period; u++) {
    const warpOnTop = (u < half) !== (v < half);
    const across = warpOnTop ? (u % half) / half : (v % half) / half;
    t[v * period + u] = 1 - depth * (2 * across - 1) ** 2 - (warpOnTop ? 0 : depth / 3);
  }
  return t;
}

/** A rectangle w x h, rotated at random, its centre near a frame side so that part of it shows. */
function sideRect(rng: Rng, width: number, height: number, w: number, h: number, tiltRad: number): { edges: Quad4; corners: [number, number][]; angle: number } {
  const side = rng.int(0, 3);
  const along = rng.uniform(0.1, 0.9);
  const cx = side === 0 ? along * width : side === 1 ? width : side === 2 ? along * width : 0;
  const cy = side === 0 ? 0 : side === 1 ? along * height : side === 2 ? height : along * height;
  const angle = rng.uniform(-tiltRad, tiltRad) + (rng.chance(0.5) ? 0 : Math.PI / 2);
  const c = Math.cos(angle), s = Math.sin(angle);
  const corners = ([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]] as const).map(([u, v]) => [cx + u * c - v * s, cy + u * s + v * c] as [number, number]);
  const xs = corners.map((p) => p[0]), ys = corners.map((p) => p[1]);
  const edges: Quad4 = { nx: new Float64Array(4), ny: new Float64Array(4), c: new Float64Array(4), x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = corners[i]!, [bx, by] = corners[(i + 1) % 4]!;
    const len = Math.hypot(bx - ax, by - ay);
    // Outward normal of a clockwise-on-screen (y down) polygon edge.
    const nx = (by - ay) / len, ny = -(bx - ax) / len;
    edges.nx[i] = nx; edges.ny[i] = ny; edges.c[i] = nx * ax + ny * ay;
  }
  return { edges, corners, angle };
}

/** Signed distance-like value to a convex quad: the largest edge distance (<= 0 inside); 1e9 beyond `margin` of its box. */
function quadDistance(q: Quad4, x: number, y: number, margin = 0): number {
  if (x < q.x0 - margin || x > q.x1 + margin || y < q.y0 - margin || y > q.y1 + margin) return 1e9;
  let d = -Infinity;
  for (let i = 0; i < 4; i++) {
    const e = q.nx[i]! * x + q.ny[i]! * y - q.c[i]!;
    if (e > d) d = e;
  }
  return d;
}

/** A flatbed scanner's lid or glass around a scanned page: one flat colour. */
export function scannerBackground(rng: Rng): { fn: BackgroundFn; rows: BackgroundRowsFn; cells: BackgroundCellsFn; applied: Record<string, unknown> } {
  const v = rng.chance(0.8) ? rng.uniform(235, 255) : rng.uniform(20, 60);
  const fn: BackgroundFn = (_c, _r, rgb) => { rgb[0] = rgb[1] = rgb[2] = v; };
  const rows: BackgroundRowsFn = (_row, n, _cols, _xs, _ys, rgb) => { rgb.fill(v, 0, 3 * n); };
  const word = Math.round(v) * 0x010101;
  const cells: BackgroundCellsFn = (_y, count, cols, lens, _page, words) => { for (let m = 0; m < count; m++) words.fill(word, cols[m]!, cols[m]! + lens[m]!); };
  return { fn, rows, cells, applied: { surface: "scanner", level: r4(v) } };
}

function hash(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 374761393) ^ Math.imul(y, 668265263) ^ seed;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

warmScene();
