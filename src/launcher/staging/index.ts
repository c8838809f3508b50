// Staging for submit: content-addressed uploads into the user's HDFS cache.
export { uploadToCache, CACHE_DIR, type CachedUpload, type CacheOptions, type PartialLeftover } from "./cache.js";
export {
  cacheFiles,
  isPartialUpload,
  removeStalePartials,
  STALE_AFTER_MS,
  type CacheFile,
  type SweepResult,
} from "./partial.js";
export { packDirectory, sortedEntries } from "./pack.js";
export { sha256File } from "./hash.js";
