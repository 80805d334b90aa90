/** int64 arithmetic that clips at the int64 bounds instead of overflowing (CometBFT's safe*Clip). */
export const INT64_MAX = 2n ** 63n - 1n;
export const INT64_MIN = -(2n ** 63n);

export function clipInt64(value: bigint): bigint {
  return value > INT64_MAX ? INT64_MAX : value < INT64_MIN ? INT64_MIN : value;
}

export function safeAddClip(a: bigint, b: bigint): bigint {
  return clipInt64(a + b);
}

export function safeSubClip(a: bigint, b: bigint): bigint {
  return clipInt64(a - b);
}

/** Go's int64 wrap-around (two's complement) for the rare places CometBFT does not clip. */
export function wrapInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

/** Floor division (Go's big.Int Euclidean division for a positive divisor). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
