import { Transform } from "node:stream";

/** React 18's server renderer writes its HTML in views of this size. */
const REACT_VIEW_BYTES = 2048;

/**
 * React 18.3's streaming renderer sends a whole 2 KiB view when a multi-byte character did not fit
 * at its end, with the unwritten last bytes still zero (facebook/react#24985, fixed by #26228 only
 * in React 19): a Chinese page then showed "28,337 m\0²". Those zeros are only ever at the end of a
 * full view, and the portal's text never holds U+0000 (forms refuse hidden characters), so they
 * are cut there.
 */
export function withoutRenderPadding(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let end = chunk.length;
      if (end === REACT_VIEW_BYTES) while (end > REACT_VIEW_BYTES - 3 && chunk[end - 1] === 0) end--;
      done(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
