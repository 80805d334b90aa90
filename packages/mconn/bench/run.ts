// Runs every @cometts/mconn benchmark in turn; each file prints one JSON line per figure when imported.
export {};

await import('./secret.js');
