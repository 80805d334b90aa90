// Conformance data lives in ../shared/protocol/test-vectors beside the
// repository (as CI has it). A user's clone has no ../shared: tests then skip
// and say so instead of failing.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VECTORS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/protocol/test-vectors');
export const hasVectors = existsSync(VECTORS_DIR);

if (!hasVectors) {
  console.warn(`conformance vectors not found at ${VECTORS_DIR}: conformance tests are skipped`);
}

export function vectorPath(...parts: string[]): string {
  return join(VECTORS_DIR, ...parts);
}

export function readVectorJson<T = any>(name: string): T {
  return JSON.parse(readFileSync(vectorPath(name), 'utf8')) as T;
}

export function readVectorText(name: string): string {
  return readFileSync(vectorPath(name), 'utf8');
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
