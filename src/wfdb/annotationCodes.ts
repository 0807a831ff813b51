/** MIT annotation type codes 0..49 and the mnemonics rdann prints for them (ecgcodes.h). */
export const ANNOTATION_SYMBOLS: readonly string[] = [
  " ", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~", "[15]", "|", "[17]", "s", "T",
  "*", "D", '"', "=", "p", "B", "^", "t", "+", "u", "?", "!", "[", "]", "e", "n", "@", "x", "f", "(",
  ")", "r", "[42]", "[43]", "[44]", "[45]", "[46]", "[47]", "[48]", "[49]",
];

/** Pseudo-annotation codes that modify the stream rather than mark an event. */
export const ANN_SKIP = 59;
export const ANN_NUM = 60;
export const ANN_SUB = 61;
export const ANN_CHN = 62;
export const ANN_AUX = 63;
