import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

/**
 * The OCDS 1.1.5 release and package schemas, copied into the repository (from ../shared/ocds-1.1.5)
 * so that a clone tests on its own; OCDS_SCHEMA_DIR points elsewhere.
 */
const schemaDir = process.env.OCDS_SCHEMA_DIR ?? path.resolve(import.meta.dirname, "ocds-1.1.5");

/** A validator for OCDS 1.1.5 release packages, from the schemas in ../shared (JSON Schema draft-04). */
export function ocdsPackageValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, "release-schema.json"), "utf8")));
  return ajv.compile(JSON.parse(readFileSync(path.join(schemaDir, "release-package-schema.json"), "utf8")));
}
