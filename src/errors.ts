/** Base class of every error ecgkit throws on purpose; anything else is a bug. */
export class EcgkitError extends Error {
  override name = "EcgkitError";
}

export interface WfdbErrorLocation {
  /** The file that is wrong (header, signal or annotation file). */
  file: string;
  /** 1-based line in a header, when the fault is on a line. */
  line?: number;
  /** The field that is wrong, e.g. "format" or "gain". */
  field?: string;
}

/** A WFDB header, signal, annotation or MATLAB file that does not say what it must. */
export class WfdbFormatError extends EcgkitError {
  override name = "WfdbFormatError";
  readonly file: string;
  readonly line?: number;
  readonly field?: string;
  constructor(where: WfdbErrorLocation, message: string) {
    const at = [where.file + (where.line !== undefined ? `:${where.line}` : ""), where.field ? `field "${where.field}"` : ""]
      .filter(Boolean)
      .join(", ");
    super(`${at}: ${message}`);
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }
}

/** An image that cannot be read or holds nothing to work on. */
export class ImageError extends EcgkitError {
  override name = "ImageError";
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/** An option with a value outside what it accepts. */
export class OptionError extends EcgkitError {
  override name = "OptionError";
  constructor(readonly option: string, message: string) {
    super(`option "${option}": ${message}`);
  }
}

/** A command-line failure with the process exit code it should produce. */
export class CliError extends EcgkitError {
  override name = "CliError";
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
