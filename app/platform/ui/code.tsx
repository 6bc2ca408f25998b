import type { ReactNode } from "react";
import { unbrokenParts } from "./unbroken.ts";

/**
 * The one way the portal keeps a code, a figure with its unit or a date on one line: "1W-07", not
 * "1W-" and "07"; "21,284 平方米", not the unit alone on the next line; "19 Jan 2027", not the year alone. `mono` sets a code apart as a code.
 * (`data-unbroken` lets the browser tests find every such place and check it is one line.)
 */
export function Code({ children, mono = false }: { children: ReactNode; mono?: boolean }) {
  return (
    <span data-unbroken="" className={`whitespace-nowrap ${mono ? "font-mono" : ""}`}>
      {children}
    </span>
  );
}

/** Running text (a translated sentence, a message) with each code, figure and date in it kept on one line. */
export function Unbroken({ text }: { text: string }) {
  return (
    <>
      {unbrokenParts(text).map((part, i) => (part.unbroken ? <Code key={i}>{part.text}</Code> : part.text))}
    </>
  );
}
