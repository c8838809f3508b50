// Staging for submit: content-addressed uploads into the user's HDFS cache.
export { uploadToCache, CACHE_DIR, type CachedUpload, type CacheOptions } from "./cache.js";
export { packDirectory, sortedEntries } from "./pack.js";
export { sha256File } from "./hash.js";
