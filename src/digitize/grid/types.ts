/** What every grid estimator returns (ecgkit grid, the digitizer, analyze). */
export interface GridEstimate {
  /** Estimator name: "marginal", "spectral" or "matched-filter". */
  method: string;
  /** Pixels per millimetre along x (columns) and y (rows) of the input image. */
  pxPerMmX: number;
  pxPerMmY: number;
  /** Grid rotation; positive = counter-clockwise on screen (see src/render/types.ts). */
  angleDeg: number;
  /** 0 (no grid found) to 1 (clean, unambiguous grid). */
  confidence: number;
  /** Column and row (px) of one major (5 mm) line, when the estimator finds the phase. */
  majorLineCol?: number;
  majorLineRow?: number;
  warnings: string[];
}
