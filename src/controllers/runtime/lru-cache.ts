// The cache lives in client/ beside the event correlator that uses it; re-exported for controllers.
export { LruCache } from "../../client/events/lru-cache.js";
