/** One line of `npm run bench`'s table. Kept apart from main.ts, whose top-level await would
 * deadlock an area module that imported a value from it. */
export interface BenchRow {
  area: string;
  name: string;
  /** Median over runs, with its unit, e.g. 412.3 "MB/s" or 0.061 "s/image". */
  median: number;
  unit: string;
  runs: number;
  /** Free text: baseline ratio, target, what was measured. */
  note?: string;
}
