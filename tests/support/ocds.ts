import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

/**
 * The OCDS 1.1.5 release and package schemas, copied into the repository (from ../shared/ocds-1.1.5)
 * so that a clone tests on its own; OCDS_SCHEMA_DIR points elsewhere.
 */
const schemaDir = process.env.OCDS_SCHEMA_DIR ?? path.resolve(import.meta.dirname, "ocds-1.1.5");

/**
 * A validator for OCDS 1.1.5 release packages, from the schemas in ../shared (JSON Schema draft-04).
 * With `bids`, the release schema is extended by the Bids extension's fields (merged as OCDS
 * extensions are), so that `bids.statistics` is checked too.
 */
export function ocdsPackageValidator(options: { bids?: boolean } = {}) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const release = JSON.parse(readFileSync(path.join(schemaDir, "release-schema.json"), "utf8"));
  if (options.bids) {
    const patch = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "ocds-bid-extension-release-schema.json"), "utf8"));
    Object.assign(release.properties, patch.properties);
    Object.assign(release.definitions, patch.definitions);
  }
  ajv.addSchema(release);
  return ajv.compile(JSON.parse(readFileSync(path.join(schemaDir, "release-package-schema.json"), "utf8")));
}
