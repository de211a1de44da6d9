import { emitChanges } from "../io/previous-report.js";

await emitChanges();
