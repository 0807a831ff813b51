/**
 * Page-sized byte buffers kept from one page to the next. A 2200 x 1700 page makes ~70 MB of
 * intermediate buffers; allocating them fresh costs page faults, freeing them and the extra
 * garbage collections their volume triggers (~25 ms per page for the page copy alone, measured
 * on the "everything on" bench). A buffer taken here belongs to the taker until it is given
 * back, so two pages in flight at once never share one; what is given back must no longer be
 * referenced anywhere. At most MAX_BUFFERS (MAX_BYTES in all) are kept, the newest first: a camera
 * page gives back 7-8 (the RGB pack for the prefilter mid-page, the rest at the end); with room for
 * only 6 the oldest, the RGB pack, was dropped and made afresh on every page.
 */
const MAX_BUFFERS = 10, MAX_BYTES = 64 * 1024 * 1024;
const kept: Uint8ClampedArray[] = [];

/** Buffers the pool handed out as views of a larger kept buffer (the whole buffer comes back with the view). */
const viewed = new WeakSet<ArrayBuffer>();

/**
 * A buffer of `length` bytes with undefined contents (the caller writes every byte), from the pool
 * if one fits: of that length, or up to a quarter longer (then a view of its start; page sizes
 * differ by a few percent from page to page once the geometry has changed them). A new one is
 * made an eighth longer than asked (a view of its start), so that the next page's slightly
 * larger frame fits in it: without, 2-3 of the ~8 buffers a camera page takes were new each page.
 */
export function takeBytes(length: number): Uint8ClampedArray {
  let best = -1;
  for (let i = 0; i < kept.length; i++) {
    const n = kept[i]!.length;
    if (n >= length && n <= length * 1.25 && (best < 0 || n < kept[best]!.length)) best = i;
  }
  if (best < 0) {
    if (length < 65536) return new Uint8ClampedArray(length);
    // Not zeroed (every byte is written): Node's unpooled uninitialised allocation.
    const fresh = Buffer.allocUnsafeSlow(Math.ceil(length * 1.125));
    viewed.add(fresh.buffer as ArrayBuffer);
    return new Uint8ClampedArray(fresh.buffer, fresh.byteOffset, length);
  }
  const b = kept.splice(best, 1)[0]!;
  if (b.length === length) return b;
  viewed.add(b.buffer as ArrayBuffer);
  return b.subarray(0, length);
}

/**
 * The first `length` bytes of a buffer made elsewhere (libvips' output), as a view the pool takes
 * back whole, like its own: the rest of the buffer is room for a larger page later.
 */
export function poolView(whole: Uint8ClampedArray, length: number): Uint8ClampedArray {
  if (whole.byteOffset !== 0 || whole.byteLength !== whole.buffer.byteLength) return whole.subarray(0, length);
  viewed.add(whole.buffer as ArrayBuffer);
  return new Uint8ClampedArray(whole.buffer, 0, length);
}

/** Returns a buffer to the pool: a whole ArrayBuffer, or a view takeBytes made (a view of anything else would keep a larger block alive). */
export function giveBack(buffer: Uint8ClampedArray): void {
  let whole = buffer;
  if (buffer.byteOffset === 0 && viewed.has(buffer.buffer as ArrayBuffer)) {
    viewed.delete(buffer.buffer as ArrayBuffer);
    whole = new Uint8ClampedArray(buffer.buffer);
  }
  if (whole.byteOffset !== 0 || whole.byteLength !== whole.buffer.byteLength || whole.length < 65536 || kept.some((k) => k.buffer === whole.buffer)) return;
  kept.unshift(whole);
  let bytes = 0;
  for (let i = 0; i < kept.length; i++) {
    bytes += kept[i]!.length;
    if (i >= MAX_BUFFERS || bytes > MAX_BYTES) { kept.length = i; break; }
  }
}
