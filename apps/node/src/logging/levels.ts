/**
 * `log_level` as CometBFT reads it: one level ("info") or per-module levels
 * ("p2p:debug,*:error", where `*` is the default for other modules).
 */
import { InvalidInputError } from '@cometts/types';

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error' | 'none';

const LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error', 'none'];

export interface ModuleLevels {
  /** Level of modules not listed. */
  defaultLevel: LogLevelName;
  /** Level per module name. */
  modules: Map<string, LogLevelName>;
}

function level(text: string, whole: string): LogLevelName {
  const normalized = text.trim().toLowerCase();
  const name = normalized === 'warning' ? 'warn' : normalized;
  if (!(LEVELS as readonly string[]).includes(name)) {
    throw new InvalidInputError(
      'log_level',
      `${JSON.stringify(whole)}: unknown level ${JSON.stringify(text)}, expected one of ${LEVELS.join(', ')}`,
    );
  }
  return name as LogLevelName;
}

export function parseLogLevel(text: string): ModuleLevels {
  const result: ModuleLevels = { defaultLevel: 'info', modules: new Map() };
  const trimmed = text.trim();
  if (trimmed === '') return result;
  if (!trimmed.includes(':')) {
    result.defaultLevel = level(trimmed, text);
    return result;
  }
  for (const item of trimmed.split(',')) {
    const [module, lvl, extra] = item.split(':');
    if (module === undefined || lvl === undefined || extra !== undefined || module.trim() === '') {
      throw new InvalidInputError(
        'log_level',
        `${JSON.stringify(text)}: expected "level" or "module:level,*:level" entries`,
      );
    }
    const parsed = level(lvl, text);
    if (module.trim() === '*') result.defaultLevel = parsed;
    else result.modules.set(module.trim(), parsed);
  }
  return result;
}

export function levelFor(levels: ModuleLevels, module: string): LogLevelName {
  return levels.modules.get(module) ?? levels.defaultLevel;
}
