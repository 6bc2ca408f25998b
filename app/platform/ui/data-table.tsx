import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface Column {
  label: ReactNode;
  /** Numbers line up on the right. */
  numeric?: boolean;
}

/** The edges of a box where there is more to see by scrolling. */
interface Hidden {
  before: boolean;
  after: boolean;
}

/**
 * Which edges of `box` hide columns, kept up to date as it scrolls or changes size. Before the page
 * runs its script (or without one) nothing is known and the box's own shading (below) does the job.
 */
function useHiddenEdges(box: React.RefObject<HTMLDivElement | null>): Hidden | null {
  const [hidden, setHidden] = useState<Hidden | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      const scrolled = Math.abs(element.scrollLeft);
      const room = element.scrollWidth - element.clientWidth;
      setHidden({ before: scrolled > 1, after: room - scrolled > 1 });
    };
    measure();
    element.addEventListener("scroll", measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => {
      element.removeEventListener("scroll", measure);
      observer.disconnect();
    };
  }, [box]);
  return hidden;
}

/**
 * Shading drawn with the box's background: white covers that rolls with the content over shadows that
 * stay at the edges, so a shadow shows exactly where columns are hidden, without any script.
 */
const SCROLL_SHADING = [
  "[background:linear-gradient(to_right,white_30%,rgb(255_255_255/0))_left/2.5rem_100%_no-repeat_local,",
  "linear-gradient(to_left,white_30%,rgb(255_255_255/0))_right/2.5rem_100%_no-repeat_local,",
  "radial-gradient(farthest-side_at_0_50%,rgb(15_23_42/0.25),transparent)_left/0.9rem_100%_no-repeat_scroll,",
  "radial-gradient(farthest-side_at_100%_50%,rgb(15_23_42/0.25),transparent)_right/0.9rem_100%_no-repeat_scroll]",
].join("");

/**
 * The portal's table: a header row of column labels (scoped for screen readers) and the rows given.
 * A table wider than its place scrolls inside its own box, never the page, and says so: a shadow at
 * each edge that hides columns, and the box's name (read out, and the keyboard's way in: the box
 * takes the focus, so arrow keys scroll it). The first column (what a row is about) stays in view
 * while the rest scrolls, and no cell is narrower than a few characters, nor a column label broken
 * inside a Chinese word, so that a Chinese label is not cut into one character a line. Codes (plots, releases, receipts) sit in monospaced cells, which
 * never break: "1W-07", not "1W-/07". The box is positioned, so that what a cell positions absolutely
 * (a label only for screen readers) stays inside it rather than widening the page.
 */
export function DataTable({ columns, children, caption, label }: { columns: Column[]; children: ReactNode; caption?: ReactNode; label: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const hidden = useHiddenEdges(box);
  const edge = "pointer-events-none absolute inset-y-0 z-20 w-4 transition-opacity";
  return (
    <div className="relative max-w-full">
      <div
        ref={box}
        // A named group, not a landmark: the page's sections are the landmarks, and a region named
        // after its section ("Plots in this release") would stand for it twice.
        role="group"
        aria-label={t("journeys2.tableBox", { name: label })}
        tabIndex={0}
        data-hidden-before={hidden?.before ? "" : undefined}
        data-hidden-after={hidden?.after ? "" : undefined}
        className={`relative max-w-full overflow-x-auto ${SCROLL_SHADING}`}
      >
        <table
          className={[
            "w-full border-collapse text-left text-sm",
            "max-sm:[&_:is(td,th)]:min-w-[5.5rem]",
            "[&_tr>:first-child]:sticky [&_tr>:first-child]:left-0 [&_tr>:first-child]:z-10",
            "[&_tr>:first-child]:bg-white [&_tr>:first-child]:shadow-[1px_0_0_#94a3b8]",
            // Columns hidden under the first one: its edge casts a shadow over them.
            "[[data-hidden-before]>&_tr>:first-child]:shadow-[1px_0_0_#94a3b8,6px_0_6px_-3px_rgb(15_23_42/0.35)]",
          ].join(" ")}
        >
          {caption ? <caption className="text-left font-medium">{caption}</caption> : null}
          <thead>
            <tr className="border-b-2 border-slate-400">
              {columns.map((column, i) => (
                // A Chinese label breaks only where it has a space, as English does: without this, a
                // column squeezed by a long cell beside it breaks its label between any two characters.
                <th key={i} scope="col" className={`p-2 [word-break:keep-all] ${column.numeric ? "text-right" : ""}`}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
      {/* Over the cells (whose own colours would hide the box's shading), once the script knows. */}
      <span aria-hidden="true" data-scroll-cue="after" className={`${edge} right-0 bg-gradient-to-l from-slate-900/25 to-transparent ${hidden?.after ? "opacity-100" : "opacity-0"}`} />
    </div>
  );
}
