import { parkPortfolio } from "~/portfolio/portfolio.server.ts";
import { portfolioCsv } from "~/portfolio/portfolio-csv.ts";

/** Public: the portfolio's figures as CSV, the same as the page's tables. */
export async function loader() {
  const csv = portfolioCsv(await parkPortfolio());
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="park-portfolio.csv"', "Cache-Control": "no-store" } });
}
