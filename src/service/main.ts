// Entry of the in-container service wrapper bundle (dist/service.js): scheduler / worker /
// client roles arrive with the ApplicationMaster issue; until then it refuses to run.
import { VERSION } from "../version.js";

console.error(`tsdask-yarn service wrapper ${VERSION}: not implemented yet`);
process.exit(1);
