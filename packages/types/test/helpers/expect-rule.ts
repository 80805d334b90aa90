import { expect } from 'vitest';
import { ValidationError, type MessageType } from '../../src/index.js';

/** `value` breaks `rule`: validate() says so, and so does decoding its bytes from a peer. */
export function expectRule<T>(type: MessageType<T>, value: T, rule: string): ValidationError {
  const caught: unknown[] = [];
  for (const attempt of [() => type.validate(value), () => type.decode(type.encode(value))]) {
    try {
      attempt();
      caught.push(undefined);
    } catch (e) {
      caught.push(e);
    }
  }
  for (const e of caught) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).rule).toBe(rule);
  }
  return caught[0] as ValidationError;
}
