/** Renders a whole config.toml from a validated config, in CometBFT's layout. */
import type { Config } from '../schema.js';
import { baseSection } from './base.js';
import { p2pSection } from './p2p.js';
import { restSections } from './rest.js';

export function renderConfigToml(config: Config): string {
  return baseSection(config) + p2pSection(config) + restSections(config);
}
