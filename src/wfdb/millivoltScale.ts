/** Factor from a voltage unit to millivolts (V, mV, uV/µV, nV in any case); undefined for other units. */
export function millivoltScale(units: string): number | undefined {
  const u = units.toLowerCase().replace("µ", "u").replace("μ", "u");
  return ({ v: 1000, mv: 1, uv: 1e-3, nv: 1e-6 } as Record<string, number>)[u];
}
