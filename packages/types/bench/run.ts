// Runs every @cometts/types benchmark in turn; each prints one JSON line per figure.
export {};

await import('./codec.js');
await import('./verify-commit.js');
