/**
 * A stable 64-bit string hash (two independent 32-bit lanes, hex encoded). Pure and identical in the browser and
 * in Node, so fingerprints and incident ids computed by either side agree. Not cryptographic.
 */
export function stableHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  // Final avalanche so that short inputs differing in one character differ in every output nibble.
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex32(h1) + hex32(h2);
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
