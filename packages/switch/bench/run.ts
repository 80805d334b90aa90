// Runs every @cometts/switch benchmark in turn; each prints one JSON line per figure.
export {};

await import('./broadcast.js');
await import('./connect.js');
