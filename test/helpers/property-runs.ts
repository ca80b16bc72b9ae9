/**
 * fast-check runs of a property: its everyday count times HUASHU_PROPERTY_RUNS (default 1).
 * CI runs the property tests again with 10 (`npm run test:properties`), which would make
 * every local run several minutes longer.
 */
export function propertyRuns(everyday: number): number {
  const multiplier = Number(process.env.HUASHU_PROPERTY_RUNS ?? "1");
  if (!(multiplier > 0))
    throw new Error(`HUASHU_PROPERTY_RUNS must be a positive number, not ${process.env.HUASHU_PROPERTY_RUNS}`);
  return Math.ceil(everyday * multiplier);
}
