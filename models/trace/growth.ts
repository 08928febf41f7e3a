// Typed arrays that columns are appended to, so a column of numbers costs one flat buffer rather
// than a JS array of the same numbers and its copy.

/** A copy of `array` with room for at least `size` elements; doubling keeps appends O(1) on average. */
export function grown<T extends Int32Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(size, 2 * array.length));
  bigger.set(array);
  return bigger;
}
