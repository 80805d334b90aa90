// Runs every @cometts/mconn benchmark in turn; each file prints one JSON line per figure when imported.
export {};

await import('./secret.js');
await import('./secret-wasm.js');
await import('./mconnection-codec.js');
await import('./mconnection-paths.js');
await import('./mconnection.js');
