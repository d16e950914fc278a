export { cacheKey, normalizeWhitespace } from './cacheKey';
export type { CacheKeyInput } from './cacheKey';
export { CACHE_FILE_NAME, ResponseCache } from './responseCache';
export type { CacheLimits, CachedAnswer, NewCachedAnswer, ResponseCacheOptions } from './responseCache';
