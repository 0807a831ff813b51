/**
 * Page-sized byte buffers kept from one page to the next. A 2200 x 1700 page makes ~70 MB of
 * intermediate buffers; allocating them fresh costs page faults, freeing them and the extra
 * garbage collections their volume triggers (~25 ms per page for the page copy alone, measured
 * on the "everything on" bench). A buffer taken here belongs to the taker until it is given
 * back, so two pages in flight at once never share one; what is given back must no longer be
 * referenced anywhere. At most MAX_BUFFERS (MAX_BYTES in all) are kept, the newest first.
 */
const MAX_BUFFERS = 6, MAX_BYTES = 64 * 1024 * 1024;
const kept: Uint8ClampedArray[] = [];

/** A buffer of `length` bytes with undefined contents (the caller writes every byte), from the pool if one fits. */
export function takeBytes(length: number): Uint8ClampedArray {
  const i = kept.findIndex((b) => b.length === length);
  return i >= 0 ? kept.splice(i, 1)[0]! : new Uint8ClampedArray(length);
}

/** Returns a buffer to the pool (only whole ArrayBuffers: a view would keep a larger block alive). */
export function giveBack(buffer: Uint8ClampedArray): void {
  if (buffer.byteOffset !== 0 || buffer.byteLength !== buffer.buffer.byteLength || buffer.length < 65536 || kept.includes(buffer)) return;
  kept.unshift(buffer);
  let bytes = 0;
  for (let i = 0; i < kept.length; i++) {
    bytes += kept[i]!.length;
    if (i >= MAX_BUFFERS || bytes > MAX_BYTES) { kept.length = i; break; }
  }
}
