import { createRequire } from "node:module";
import type { z as Zod } from "zod";

let loaded: typeof Zod | undefined;
// The CLI's build turns this require into one of the zod bundled with it (tsup.config.ts).
const loadZod = (): typeof Zod => (loaded ??= (createRequire(import.meta.url)("zod") as { z: typeof Zod }).z);

/**
 * zod's `z`, loaded when first used: a run whose config, rule files and transcripts need no
 * validating (no config, the built-in packs from their snapshot, plain transcripts) never
 * loads zod, which costs a tenth of a second of start-up. Use with {@link lazy}, so that
 * schemas are built on first use too, not as their module is imported.
 */
export const z: typeof Zod = new Proxy({} as typeof Zod, { get: (_, key) => Reflect.get(loadZod(), key) });

/** zod's types, under the same name as {@link z}. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace z {
  export type infer<T> = Zod.infer<T>;
  export type input<T> = Zod.input<T>;
  export type output<T> = Zod.output<T>;
  export type ZodType<Output = unknown, Input = unknown> = Zod.ZodType<Output, Input>;
  export type ZodObject<Shape extends Zod.core.$ZodLooseShape = Zod.core.$ZodLooseShape> = Zod.ZodObject<Shape>;
  export type ZodError<T = unknown> = Zod.ZodError<T>;
  export type RefinementCtx<T = unknown> = Zod.RefinementCtx<T>;
}

/**
 * A schema (or an object of them, such as shared fields to spread) built by `build` the first
 * time it is used, and used as is from then on: module-level schemas cost nothing at import.
 */
export function lazy<T extends object>(build: () => T): T {
  let built: T | undefined;
  const target = () => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    // A proxy may not report a property the (empty) object it stands on lacks as non-configurable.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}
