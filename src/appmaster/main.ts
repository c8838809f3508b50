// Entry of the ApplicationMaster bundle (dist/appmaster.js). The AM itself is built in
// the ApplicationMaster issue; until then this entry refuses to run rather than pretend.
import { VERSION } from "../version.js";

console.error(`tsdask-yarn appmaster ${VERSION}: not implemented yet`);
process.exit(1);
