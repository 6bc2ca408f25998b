import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

/** The schemas ship in ../shared beside the repository (CI has it there too); OCDS_SCHEMA_DIR overrides. */
const schemaDir = process.env.OCDS_SCHEMA_DIR ?? path.resolve(import.meta.dirname, "../../../shared/ocds-1.1.5");

/** A validator for OCDS 1.1.5 release packages, from the schemas in ../shared (JSON Schema draft-04). */
export function ocdsPackageValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, "release-schema.json"), "utf8")));
  return ajv.compile(JSON.parse(readFileSync(path.join(schemaDir, "release-package-schema.json"), "utf8")));
}
