/**
 * Freezes obj and everything in it: objects shared by several readers (watch events, informer
 * caches) must not change under them. A frozen object is taken as frozen throughout, so an
 * object shared again costs one check. Loops without Object.values' array per object: every
 * watch event comes through here.
 */
export function deepFreeze<T>(obj: T): T {
  if (typeof obj !== "object" || obj === null || Object.isFrozen(obj)) return obj;
  if (Array.isArray(obj)) {
    for (let i = 0; i < obj.length; i++) deepFreeze(obj[i]);
  } else {
    for (const key in obj) deepFreeze(obj[key]);
  }
  return Object.freeze(obj);
}
