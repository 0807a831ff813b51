import { estimateGridMarginalFromPlane } from "./grid/estimateGridMarginal.js";
import { estimateGridSpectralFromPlane } from "./grid/estimateGridSpectral.js";
import type { GridEstimate } from "./grid/types.js";

export interface ChooseGridEstimateOptions {
  /** Marginal estimates below this confidence (0-1) are cross-checked with the spectral one. Default 0.5. */
  minConfidence?: number;
  /** Plausible image width in mm at the estimated scale (an ECG page or strip), [min, max]. Default [150, 350]. */
  plausibleWidthMm?: [number, number];
}

const finite = (g: GridEstimate): boolean => Number.isFinite(g.pxPerMmX) && Number.isFinite(g.pxPerMmY) && g.pxPerMmX > 0 && g.pxPerMmY > 0;

/**
 * The marginal grid estimate (fast, ~0.1 s) unless it is missing, low-confidence or implies an
 * implausible page width; only then the spectral estimate (~1 s) is computed, and used when it
 * exists. On the shared phone photos marginal failed or was 1.7-3x off on several images while
 * spectral agreed with the matched filter on all of them; where the two agree, spectral's separate
 * x and y periods still gave lower Einthoven residuals than marginal's square-pixel guess.
 */
export function chooseGridEstimate(plane: Uint8Array, width: number, height: number, options: ChooseGridEstimateOptions = {}): GridEstimate {
  const minConfidence = options.minConfidence ?? 0.5;
  const [minMm, maxMm] = options.plausibleWidthMm ?? [150, 350];
  const marginal = estimateGridMarginalFromPlane(plane, width, height, { rotation: false });
  let reason: string | undefined;
  if (!finite(marginal)) reason = "marginal estimator found no grid";
  else if (marginal.confidence < minConfidence) reason = `marginal confidence ${marginal.confidence.toFixed(2)} < ${minConfidence}`;
  else {
    const widthMm = width / marginal.pxPerMmX;
    if (widthMm < minMm || widthMm > maxMm) reason = `marginal scale implies a ${widthMm.toFixed(0)} mm wide image (plausible ${minMm}-${maxMm} mm)`;
  }
  if (!reason) return marginal;
  const spectral = estimateGridSpectralFromPlane(plane, width, height);
  if (!finite(spectral)) {
    // An implausible page width that no spectral peak confirms is the trace's own rhythm, not a
    // grid (gridless pages): report no grid so the scale comes from the trace and pulse instead.
    if (finite(marginal) && marginal.confidence < 0.9 && reason.includes("wide image")) {
      return { ...marginal, pxPerMmX: NaN, pxPerMmY: NaN, warnings: [...marginal.warnings, `grid: ${reason}, confidence ${marginal.confidence.toFixed(2)}, and no spectral grid: taken as no grid`] };
    }
    return { ...marginal, warnings: [...marginal.warnings, `grid: ${reason}; spectral estimator found no grid either, kept marginal`] };
  }
  const was = finite(marginal) ? `${marginal.pxPerMmX.toFixed(2)} px/mm` : "none";
  return {
    ...spectral,
    warnings: [...spectral.warnings, `grid: ${reason}; used the spectral estimate ${spectral.pxPerMmX.toFixed(2)} x ${spectral.pxPerMmY.toFixed(2)} px/mm (marginal: ${was})`],
  };
}
