export * from "./errors.js";
export * from "./wfdb/types.js";
export * from "./render/types.js";
