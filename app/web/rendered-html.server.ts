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
function withoutPadding(view: Buffer): Buffer {
  let end = view.length;
  if (end === REACT_VIEW_BYTES) while (end > REACT_VIEW_BYTES - 3 && view[end - 1] === 0) end--;
  return end === view.length ? view : view.subarray(0, end);
}

/**
 * The page's HTML as the response's body: React's views without their padding (above), and the
 * views React writes in one turn of the event loop sent on as one chunk. Remix flushes the
 * response after every chunk it passes on, and each flush makes the compressor finish a block:
 * a 90 KB page in 2 KiB views cost 45 compressor flushes, 14 % of the moderation page's CPU
 * (docs/performance.md, "Issue 17, session 9"). What React streams later (a deferred part) is a
 * later turn, so it still goes out as soon as it is written.
 */
export function renderedHtml(): Transform {
  let waiting: Buffer[] = [];
  const sendWaiting = (stream: Transform) => {
    if (waiting.length > 0) stream.push(waiting.length === 1 ? waiting[0] : Buffer.concat(waiting));
    waiting = [];
  };
  return new Transform({
    transform(view: Buffer, _encoding, done) {
      if (waiting.length === 0) setImmediate(() => sendWaiting(this));
      waiting.push(withoutPadding(view));
      done();
    },
    flush(done) {
      sendWaiting(this);
      done();
    },
  });
}
