/** The SecretConnection identity proof (tendermint.p2p.AuthSigMessage). */
import { f, message, type Infer } from '../proto/index.js';
import { PublicKey } from './crypto-keys.js';

export const AuthSigMessage = message(
  'AuthSigMessage',
  {
    pubKey: f.message(1, PublicKey, { nn: true }),
    sig: f.bytes(2),
  },
  [
    ['auth sig public key must be ed25519', (m) => m.pubKey.case === 'ed25519', ['pubKey']],
    ['auth sig signature must be 64 bytes', (m) => m.sig.length === 64, ['sig']],
  ],
);
export type AuthSigMessage = Infer<typeof AuthSigMessage>;
