/**
 * Freezes an object and every object or array inside it, and returns it: for the defaults the
 * package exports, so that no caller can change them for everyone else in the process (in
 * strict-mode code an assignment then throws). Functions are left as they are.
 */
export function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === "object" && inner !== null && !Object.isFrozen(inner)) deepFreeze(inner);
  }
  return Object.freeze(value);
}
