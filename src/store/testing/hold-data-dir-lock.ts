// Fixture: takes the data directory lock of argv[2], says "locked" and holds it until killed.
import { acquireDataDirLock } from "../data-dir-lock.js";

acquireDataDirLock(process.argv[2] ?? ".");
process.stdout.write("locked\n");
setInterval(() => undefined, 60_000);
