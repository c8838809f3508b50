// Child process for the interrupted-upload test: uploads one file into the cache and prints
// "HALF" once half of it has been sent, so the parent can kill it mid-transfer.
// Usage: node --import tsx test/support/upload-to-cache.ts <nnWeb> <user> <file> <cacheRoot>
import { uploadToCache } from "../../src/launcher/staging/index.js";
import { WebHdfsClient } from "../../src/webhdfs/index.js";

const [nnWeb, user, file, cacheRoot] = process.argv.slice(2) as [string, string, string, string];
let told = false;
await uploadToCache(new WebHdfsClient({ urls: [nnWeb], user }), file, {
  cacheRoot,
  onProgress: (sent, total) => {
    if (!told && total && sent > total / 2) {
      told = true;
      process.stdout.write("HALF\n");
    }
  },
});
process.stdout.write("DONE\n");
