/** A fresh id for requests and completion queries (matches the protocol's id pattern). */
export function newId(prefix: string): string {
  const random = typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID().replace(/-/g, '') : Math.random().toString(36).slice(2) + Date.now().toString(36);
  return `${prefix}-${random}`.slice(0, 64);
}
