import { parse as parseCsv } from "csv-parse/sync";
import { recordAuditEvent } from "~/platform/audit.server.ts";
import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { db } from "~/platform/database/db.server.ts";
import type { Prisma } from "~/platform/database/generated/prisma/client.ts";
import { inventoryContext, lockInventory, validatePlot, type PlotProblem, type ValidPlot } from "./inventory.server.ts";
import { plotFieldsSchema } from "./schemas.ts";

export interface ImportRow {
  line: number;
  code: string;
  problems: PlotProblem[];
}

const MAX_IMPORT_ROWS = 500;

/** Rows of a CSV (code, phase, max_gfa_m2, permitted_uses separated by ";", polygon as GeoJSON) or a GeoJSON FeatureCollection. */
export function readImportFile(name: string, text: string): { line: number; fields: Record<string, unknown> }[] | PlotProblem {
  if (/\.(geo)?json$/i.test(name)) {
    let json: { type?: string; features?: { properties?: Record<string, unknown>; geometry?: unknown }[] };
    try {
      json = JSON.parse(text);
    } catch {
      return { field: "row", key: "inventory.errors.fileJson" };
    }
    if (json?.type !== "FeatureCollection" || !Array.isArray(json.features)) return { field: "row", key: "inventory.errors.notFeatureCollection" };
    return json.features.map((feature, index) => {
      const p = feature?.properties ?? {};
      const uses = p.permittedUses ?? p.permitted_uses;
      return {
        line: index + 1,
        fields: {
          code: p.code,
          phase: p.phase,
          maxGfaM2: p.maxGfaM2 ?? p.max_gfa_m2,
          permittedUses: Array.isArray(uses) ? uses : typeof uses === "string" ? uses.split(";").map((u) => u.trim()) : uses,
          polygon: JSON.stringify(feature?.geometry ?? null),
        },
      };
    });
  }
  if (/\.csv$/i.test(name)) {
    let records: Record<string, string>[];
    try {
      records = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: false });
    } catch (error) {
      return { field: "row", key: "inventory.errors.csv", values: { detail: String((error as Error).message).slice(0, 200) } };
    }
    return records.map((record, index) => ({
      line: index + 2,
      fields: {
        code: record.code,
        phase: record.phase,
        maxGfaM2: record.max_gfa_m2,
        permittedUses: (record.permitted_uses ?? "").split(";").map((u) => u.trim()).filter(Boolean),
        polygon: record.polygon,
      },
    }));
  }
  return { field: "row", key: "inventory.errors.fileType" };
}

export type ImportOutcome =
  | { status: "invalid-file"; problem: PlotProblem }
  | { status: "preview"; rows: ImportRow[]; valid: boolean }
  | { status: "imported"; codes: string[] };

/**
 * Checks every row of an import against the rules, the inventory and the other rows; with
 * `commit`, imports all of them in one transaction, or, if any row is invalid, none.
 */
export async function importPlots(admin: CurrentUser, file: { name: string; text: string }, commit: boolean): Promise<ImportOutcome> {
  const read = readImportFile(file.name, file.text);
  if (!Array.isArray(read)) return { status: "invalid-file", problem: read };
  if (read.length === 0) return { status: "invalid-file", problem: { field: "row", key: "inventory.errors.emptyFile" } };
  if (read.length > MAX_IMPORT_ROWS) return { status: "invalid-file", problem: { field: "row", key: "inventory.errors.tooManyRows", values: { max: MAX_IMPORT_ROWS } } };
  return db().$transaction(
    async (tx) => {
      await lockInventory(tx);
      const context = await inventoryContext(tx);
      const rows: ImportRow[] = [];
      const accepted: ValidPlot[] = [];
      for (const { line, fields } of read) {
        const parsed = plotFieldsSchema.safeParse(fields);
        if (!parsed.success) {
          rows.push({ line, code: String(fields.code ?? ""), problems: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? "row") as PlotProblem["field"], key: i.message })) });
          continue;
        }
        const result = await validatePlot(parsed.data, context);
        if ("problems" in result) {
          rows.push({ line, code: parsed.data.code, problems: result.problems });
          continue;
        }
        rows.push({ line, code: parsed.data.code, problems: [] });
        accepted.push(result.plot);
        // Later rows are checked against earlier ones as well as against the inventory.
        context.others.push({ code: result.plot.code, polygon: result.plot.polygon });
        context.existingCodes.add(result.plot.code);
      }
      const valid = rows.every((row) => row.problems.length === 0);
      if (!commit || !valid) return { status: "preview", rows, valid } as const;
      await tx.plot.createMany({ data: accepted.map((plot) => ({ ...plot, polygon: plot.polygon as unknown as Prisma.InputJsonObject })) });
      await recordAuditEvent(tx, { actorId: admin.id, action: "plots.imported", subjectType: "inventory", subjectId: file.name.slice(0, 200), data: { codes: accepted.map((p) => p.code) } });
      return { status: "imported", codes: accepted.map((p) => p.code) } as const;
    },
    { timeout: 60_000 },
  );
}
