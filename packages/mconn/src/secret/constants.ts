/** Wire constants of CometBFT's SecretConnection (p2p/conn/secret_connection.go). */

/** Payload bytes carried by one frame. */
export const DATA_MAX_SIZE = 1024;
/** Little-endian uint32 payload length at the start of each frame. */
export const DATA_LEN_SIZE = 4;
/** Plaintext frame: length ‖ payload ‖ padding. */
export const FRAME_SIZE = DATA_LEN_SIZE + DATA_MAX_SIZE;
/** Poly1305 tag appended by ChaCha20-Poly1305. */
export const TAG_SIZE = 16;
/** A sealed frame as it travels on the wire. */
export const SEALED_FRAME_SIZE = FRAME_SIZE + TAG_SIZE;
/** Limit on the length prefix of the two delimited handshake messages. */
export const MAX_HANDSHAKE_MESSAGE_SIZE = 1024 * 1024;
/** CometBFT's p2p handshake_timeout default. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 20_000;

export const TRANSCRIPT_LABEL = 'TENDERMINT_SECRET_CONNECTION_TRANSCRIPT_HASH';
export const LOWER_EPHEMERAL_LABEL = 'EPHEMERAL_LOWER_PUBLIC_KEY';
export const UPPER_EPHEMERAL_LABEL = 'EPHEMERAL_UPPER_PUBLIC_KEY';
export const DH_SECRET_LABEL = 'DH_SECRET';
export const CHALLENGE_LABEL = 'SECRET_CONNECTION_MAC';
export const CHALLENGE_SIZE = 32;
export const HKDF_INFO = 'TENDERMINT_SECRET_CONNECTION_KEY_AND_CHALLENGE_GEN';
