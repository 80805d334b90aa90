/** TOML value spelling used by the config.toml template (CometBFT's habits). */
import { formatGoDuration } from '../duration.js';

/** A TOML basic string: JSON string escapes are all valid TOML escapes. */
export const q = (text: string): string => JSON.stringify(text);

/** A duration in milliseconds as a quoted Go duration string. */
export const dur = (ms: number): string => q(formatGoDuration(ms));

/** A string array; CometBFT's template leaves a trailing ", " before "]". */
export const list = (items: readonly string[]): string =>
  items.length === 0 ? '[]' : `[${items.map((i) => `${q(i)}, `).join('')}]`;
