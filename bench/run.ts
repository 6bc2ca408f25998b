import { startupBenchmark } from "./startup.ts";

// Every benchmark in bench/, one table. Run after `npm run build`.
const rows = [...(await startupBenchmark())];
console.table(rows);
