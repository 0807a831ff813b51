import type { ObjectBox, RenderedPage, RgbaImage } from "../render/types.js";
import type { Rng } from "../util/rng.js";
import { ARTIFACT_NAMES, type ArtifactName, type ArtifactOptions } from "./artifactOptions.js";
import { drawRange, r4 } from "./draw.js";
import { multiplyByFields, type CoarseField } from "./field.js";
import { deskBackground, scannerBackground } from "./geometry/background.js";
import { mapAnnotation } from "./geometry/mapAnnotation.js";
import type { PageWarp, Relief } from "./geometry/pageWarp.js";
import { planGeometry } from "./geometry/planGeometry.js";
import { resamplePage } from "./geometry/resamplePage.js";
import { applyHalftone } from "./fax/applyHalftone.js";
import { applyScanLines } from "./fax/applyScanLines.js";
import { drawHandwriting } from "./handwriting/drawHandwriting.js";
import { applyLight, planLight } from "./light/applyLight.js";
import { applyVeil, scaledVeil } from "./light/applyVeil.js";
import { applyBinding } from "./paper/applyBinding.js";
import { applyCreases } from "./paper/applyCreases.js";
import { applyFading } from "./paper/applyFading.js";
import { applyPaperTexture } from "./paper/applyPaperTexture.js";
import { applyStains } from "./paper/applyStains.js";
import { applyWrinkles } from "./paper/applyWrinkles.js";
import { resolveArtifactOptions } from "./resolveArtifactOptions.js";
import { toColorMode } from "./sensor/applyColorMode.js";
import { pixelsOf, rgbaOf, withChannels, type Pixels } from "./sensor/pixels.js";
import { noiseRuns, withNoise } from "./sensor/applyNoise.js";
import { blurAndResolution, cameraGrid, jpegRoundTrip, prefilteredPage } from "./sensor/sharpOps.js";
import { applyMotionBlur } from "./sensor/applyMotionBlur.js";
import { cameraWarp } from "./geometry/cameraWarp.js";
import { enlargeBilinear } from "./sensor/enlargeBilinear.js";
import { giveBack, takeBytes } from "./sensor/bufferPool.js";

export type { ArtifactOptions } from "./artifactOptions.js";

/** Variance, in the camera grid's px^2, of what one grid pixel averages: a box one px wide (per axis). */
const GRID_PIXEL_VARIANCE = 1 / 12;

/** What applyArtifacts records in `annotation.ecgkit.artifacts`. */
export interface AppliedArtifacts {
  preset: string;
  /** Every artifact applied to this page, in the order applied, with the parameters drawn. */
  applied: Partial<Record<ArtifactName, Record<string, unknown>>>;
  warnings: string[];
  /**
   * The geometric map applied (see geometry/pageWarp.ts: curl, then homography, lens, offset), so
   * coordinates of the flat page that are not moved here (ecgkit.grid.origin_px, ecgkit.layout
   * cells' x_px and baseline_px, ecgkit.px_per_mm) can be carried into this image with warpForward.
   * Without the wrinkles' relief (up to applied.wrinkles.reliefPx px), whose grid is not stored.
   */
  pageToImage?: PageWarp;
}

/**
 * The faults of real paper, scans and photos, applied to a rendered page with its ground truth
 * kept exact: every geometric step (rotation, perspective, curl, lens bulge, background scale,
 * crop, pad) is one map applied to pixels, trace mask, plotted points and every box alike.
 * Artifacts that hide the trace (handwriting, stains) leave the mask where the trace truly is and
 * record their own boxes in `annotation.ecgkit.objects`. The input page is not modified (when no
 * artifact fires, the result shares its image buffer, and unless the geometry changes, its mask buffer).
 * Each artifact draws from `rng.fork(name)`, so switching one on or off never changes another.
 */
export async function applyArtifacts(page: RenderedPage, options: ArtifactOptions, rng: Rng): Promise<RenderedPage> {
  const o = resolveArtifactOptions(options);
  const record: AppliedArtifacts = { preset: o.preset, applied: {}, warnings: [] };
  const fork = (name: ArtifactName): Rng | null => {
    const r = rng.fork(name);
    return r.chance(o[name].probability) ? r : null;
  };
  // Forking does not advance `rng`, so this asks the same questions as the steps below; when
  // nothing fires the page is returned as it is, without copying image and mask.
  if (!ARTIFACT_NAMES.some((name) => rng.fork(name).chance(o[name].probability))) {
    return { ...page, annotation: { ...page.annotation, ecgkit: { ...page.annotation.ecgkit, artifacts: record } } };
  }
  // Sizes in mm (handwriting, stains) need the page scale; fall back on the dpi, then 200 dpi.
  const pxPerMm = page.annotation.x_grid / 5 || page.annotation.resolution / 25.4 || 200 / 25.4;
  // Every buffer of pixels made here (from the page copy on) is the pipeline's own: all but the
  // output's go back to the pool at the end (see sensor/bufferPool.ts).
  const made = new Set<Uint8ClampedArray>();
  const own = <T extends { data: Uint8ClampedArray }>(x: T): T => { made.add(x.data); return x; };
  const copy = takeBytes(page.image.data.length);
  copy.set(page.image.data);
  let image: RgbaImage = own({ ...page.image, data: copy });
  // Nothing writes into the mask (resampling makes a new one): shared, not copied.
  let mask: Uint16Array = page.traceMask;
  let annotation = page.annotation;
  const objects: ObjectBox[] = [...(annotation.ecgkit.objects ?? [])];

  let r: Rng | null;
  if ((r = fork("fading"))) record.applied.fading = applyFading(image, o.fading, r);
  if ((r = fork("handwriting"))) {
    const hw = drawHandwriting(image, annotation, o.handwriting, r, pxPerMm);
    objects.push(...hw.objects);
    record.applied.handwriting = hw.applied;
  }
  if ((r = fork("stains"))) {
    const st = applyStains(image, o.stains, r, pxPerMm);
    objects.push(...st.objects);
    record.applied.stains = st.applied;
  }
  let relief: Relief | null = null, shading: CoarseField | undefined;
  if ((r = fork("wrinkles"))) {
    const wr = applyWrinkles(image, o.wrinkles, r);
    record.applied.wrinkles = wr.applied;
    relief = wr.relief;
    shading = wr.shading;
  }
  if ((r = fork("creases"))) record.applied.creases = applyCreases(image, o.creases, r);
  if ((r = fork("paperTexture"))) record.applied.paperTexture = applyPaperTexture(image, o.paperTexture, r);
  if ((r = fork("binding"))) {
    const bd = applyBinding(image, o.binding, r, pxPerMm);
    objects.push(...bd.objects);
    record.applied.binding = bd.applied;
  }
  if (objects.length > 0 || annotation.ecgkit.objects) annotation = { ...annotation, ecgkit: { ...annotation.ecgkit, objects } };

  // The sensor's draws (each from its own fork, so drawing them here changes nothing): the camera's grid shapes the geometry's pass.
  const colorRng = fork("colorMode");
  const mode = colorRng ? colorRng.pick(o.colorMode.modes) : null, threshold = colorRng ? drawRange(colorRng, o.colorMode.threshold) : 0;
  let sigmaPx: number | null = null, motion: { lengthPx: number; angleDeg: number } | null = null;
  if ((r = fork("blur"))) sigmaPx = drawRange(r, o.blur.sigmaPx);
  if ((r = fork("motionBlur"))) motion = { lengthPx: drawRange(r, o.motionBlur.lengthPx), angleDeg: drawRange(r, o.motionBlur.angleDeg) };
  const scale = (r = fork("lowResolution")) ? drawRange(r, o.lowResolution.scaleFraction) : null;
  const scanRng = fork("scanLines"), jpegRng = fork("jpeg");
  const noise = (r = fork("noise")) ? { rng: r, gaussianSd: drawRange(r, o.noise.gaussianSd), poissonScale: drawRange(r, o.noise.poissonScale) } : null;
  // A camera with a small grid (low resolution, unless a fax thresholds the page) records its own
  // pixels: the geometry samples the page straight onto that grid, and the sensor adds its noise
  // and stores its JPEG there; the image is enlarged after (grain and JPEG blocks at the camera's
  // pixel size, at scale^2 of the cost).
  const onCamera = scale !== null && mode !== "bw" && mode !== "halftone";

  const plan = planGeometry(image.width, image.height, o, rng, relief);
  let cameraDone: { scaleX: number; prefilterSigmaPx: number } | null = null;
  // Without resampling, the wrinkles' shading is multiplied in here (after the creases: gains commute).
  if (shading && !plan) multiplyByFields(image.data, image.width, image.height, [shading, shading, shading]);
  const light = {
    lighting: (r = fork("lighting")) ? { options: o.lighting, rng: r } : undefined,
    vignetting: (r = fork("vignetting")) ? { options: o.vignetting, rng: r } : undefined,
    colorTemperature: (r = fork("colorTemperature")) ? { options: o.colorTemperature, rng: r } : undefined,
  };
  if (plan) {
    const bgRng = rng.fork("background-surface");
    const camera = onCamera && scale !== null ? cameraWarp(plan.warp, scale) : null;
    const bg = plan.applied.background ? deskBackground(bgRng, plan.warp.outWidth, plan.warp.outHeight, image.width, image.height, camera?.scaleX) : scannerBackground(bgRng);
    // The light falls on the photographed scene: its gains are applied in the resampling pass.
    const lit = planLight(plan.warp.outWidth, plan.warp.outHeight, light);
    if (camera) {
      // The page blurred by the defocus and a grid pixel's box (both in frame px, taken to page px),
      // then sampled onto the camera's grid (bilinear taps, as at full size); the mask at the
      // frame's full size, from the page as it was.
      const prefilterSigmaPx = Math.max(0.3, Math.sqrt((sigmaPx ?? 0) ** 2 + GRID_PIXEL_VARIANCE / (camera.scaleX * camera.scaleY)) / camera.framePxPerPagePx);
      // With room for the frame (up to an eighth larger than the page): given back right after its
      // pass, the same buffer then holds the enlarged output, instead of a new one every page.
      const source = await prefilteredPage(image, prefilterSigmaPx, Math.ceil(Math.max(0, plan.warp.outWidth * plan.warp.outHeight * 1.125 - image.width * image.height) / image.width));
      // Written out, not spread: the same object shape as every other field, so the code reading them keeps one map.
      const gains = lit.gains?.map((f) => ({ width: f.width, height: f.height, cellPx: f.cellPx * camera.scaleX, data: f.data })) as [CoarseField, CoarseField, CoarseField] | undefined;
      const flatMask = mask;
      mask = resamplePage(image, flatMask, plan.warp, bg.fn, undefined, undefined, bg.rows, bg.cells, "mask").mask;
      image = own(resamplePage(source, flatMask, camera.warp, bg.fn, gains, shading, bg.rows, bg.cells, "image").image);
      giveBack(source.data);
      if (lit.veil) applyVeil(image, scaledVeil(lit.veil, camera.scaleX));
      cameraDone = { scaleX: camera.scaleX, prefilterSigmaPx };
    } else {
      const warped = resamplePage(image, mask, plan.warp, bg.fn, lit.gains ?? undefined, shading, bg.rows, bg.cells);
      image = own(warped.image);
      mask = warped.mask;
      if (lit.veil) applyVeil(image, lit.veil);
    }
    const mapped = mapAnnotation(annotation, plan.warp);
    annotation = mapped.annotation;
    if (mapped.pointsOutside > 0) record.warnings.push(`${mapped.pointsOutside} plotted points fall outside the image after crop/warp (kept in plotted_pixels)`);
    for (const name of ARTIFACT_NAMES) if (plan.applied[name]) record.applied[name] = plan.applied[name];
    // The relief's height grid is not stored (it would dominate the JSON); it moves points by at most reliefPx.
    record.pageToImage = { ...plan.warp, relief: null };
    if (plan.applied.background || plan.applied.pad) record.applied[plan.applied.background ? "background" : "pad"]!.surface = bg.applied;
    Object.assign(record.applied, lit.applied);
  } else {
    Object.assign(record.applied, applyLight(image, light));
  }

  // The sensor steps work on packed RGB, or grey when the scan is grey or black and white: grey is
  // taken first (luma commutes with blurs and resizing; the noise is then a grey sensor's, with the sd asked).
  let px: Pixels = pixelsOf(image);
  if (mode === "grey" || mode === "bw") px = own(withChannels(px, 1));
  // Recorded here, in the order applied (drawn above).
  if (sigmaPx !== null) record.applied.blur = { sigmaPx: r4(sigmaPx) };
  if (motion) record.applied.motionBlur = { lengthPx: r4(motion.lengthPx), angleDeg: r4(motion.angleDeg) };
  // The noise pass also converts colour to what the next step takes (RGB for JPEG; RGBA for the
  // output or halftoning, which draws on RGBA). A grey scan stays grey until the end.
  const next = px.channels === 1 ? 1 : mode === "halftone" || !jpegRng ? 4 : 3;
  const blurs = sigmaPx !== null || motion !== null || scale !== null;
  const quality = jpegRng ? Math.round(drawRange(jpegRng, o.jpeg.quality)) : 0;
  let jpegDone = false;
  if (onCamera) {
    const outWidth = plan?.warp.outWidth ?? px.width, outHeight = plan?.warp.outHeight ?? px.height;
    let small = cameraDone ? (motion ? own(applyMotionBlur(px, motion.lengthPx * cameraDone.scaleX, motion.angleDeg)) : px) : own(await cameraGrid(px, sigmaPx, motion, scale));
    if (noise) small = own(withNoise(small, small.channels === 1 ? 1 : 3, noise.gaussianSd, noise.poissonScale, noise.rng));
    if (jpegRng) {
      small = own(await jpegRoundTrip(small, quality, true));
      jpegDone = true;
    }
    // A grey scan's last steps (scan lines) take RGBA as well: enlarged straight to the output's form.
    px = own(enlargeBilinear(small, outWidth, outHeight, undefined, mode === "grey", cameraDone !== null));
  } else {
    // Blurring gives grey or RGB: when that is what comes next, the noise is added to the rows as they are made.
    const inline = noise && blurs && next !== 4 ? noiseRuns(next, noise.gaussianSd, noise.poissonScale, noise.rng) : undefined;
    if (blurs) px = own(await blurAndResolution(px, sigmaPx, motion, scale, inline));
    if (noise && !inline) px = own(withNoise(px, next, noise.gaussianSd, noise.poissonScale, noise.rng));
  }
  // Which steps worked on the camera's small grid (the enlargement came after them).
  if (scale !== null) {
    record.applied.lowResolution = { scaleFraction: r4(scale), onCameraGrid: onCamera ? [cameraDone && "geometry", motion && "motionBlur", noise && "noise", jpegRng && "jpeg"].filter(Boolean) : motion ? ["motionBlur"] : [] };
    if (cameraDone) record.applied.lowResolution.pagePrefilterSigmaPx = r4(cameraDone.prefilterSigmaPx);
  }
  if (noise) record.applied.noise = { gaussianSd: r4(noise.gaussianSd), poissonScale: r4(noise.poissonScale) };
  if (colorRng && mode) {
    if (mode === "halftone") {
      const screen = colorRng.pick(["clustered", "bayer"] as const), lo = threshold * 0.35, hi = Math.min(250, threshold + (255 - threshold) * 0.75);
      image = own(rgbaOf(px));
      applyHalftone(image, screen, lo, hi);
      px = pixelsOf(image);
      record.applied.colorMode = { mode, threshold: r4(threshold), screen, thresholdSpan: [r4(lo), r4(hi)] };
    } else {
      // Grey already (enlarged as grey RGBA on the camera path): nothing to convert.
      if (!(onCamera && mode === "grey")) px = own(toColorMode(px, mode, threshold));
      record.applied.colorMode = mode === "bw" ? { mode, threshold: r4(threshold) } : { mode };
    }
  }
  // On the pixels as they are (grey stays grey): no conversion to RGBA and back.
  if ((r = scanRng)) record.applied.scanLines = applyScanLines(px, o.scanLines, r);
  if (jpegRng) {
    // A grey, black-and-white or halftone scan is stored as a one-channel JPEG.
    if (!jpegDone) {
      if (mode) px = own(withChannels(px, 1));
      px = await jpegRoundTrip(px, quality);
    }
    record.applied.jpeg = { quality };
  }
  // Intermediates back to the pool first: the output can then reuse one (the resampled page's, same size).
  for (const b of made) if (b !== px.data) giveBack(b);
  image = rgbaOf(px);
  if (image.data !== px.data && made.has(px.data)) giveBack(px.data);
  return { image, traceMask: mask, annotation: { ...annotation, ecgkit: { ...annotation.ecgkit, artifacts: record } } };
}

