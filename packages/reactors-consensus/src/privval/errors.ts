/** Why the file private validator refused to sign, or could not load its files. */
import { CometError } from '@cometts/types';

export type SignRefusal = 'HEIGHT_REGRESSION' | 'ROUND_REGRESSION' | 'STEP_REGRESSION' | 'NO_SIGN_BYTES' | 'CONFLICTING_DATA';

/** Signing would risk a double sign (§12): a regression, or different data for the same height/round/step. */
export class DoubleSignRiskError extends CometError {
  readonly code = 'PRIVVAL_DOUBLE_SIGN_RISK';
  constructor(
    readonly reason: SignRefusal,
    detail: string,
  ) {
    super(`refusing to sign: ${detail}`);
  }
}

/** A sign request that cannot be signed at all (unknown vote type, extension on a vote that cannot carry one). */
export class InvalidSignRequestError extends CometError {
  readonly code = 'PRIVVAL_INVALID_REQUEST';
  constructor(readonly reason: string) {
    super(`invalid sign request: ${reason}`);
  }
}

/** priv_validator_state.json (or the key file) is missing or malformed. */
export class PrivValidatorFileError extends CometError {
  readonly code = 'PRIVVAL_FILE_INVALID';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** double_sign_check_height: one of our COMMIT signatures is in a recent seen commit, so another instance may be signing with this key. */
export class SignatureFoundInPastBlocksError extends CometError {
  readonly code = 'PRIVVAL_SIGNATURE_IN_PAST_BLOCKS';
  constructor(
    readonly height: bigint,
    readonly validatorAddress: string,
  ) {
    super(
      `our validator ${validatorAddress} signed the seen commit of height ${height}: another node may be running with this key ` +
        '(refusing to start; set consensus.double_sign_check_height = 0 to skip this check)',
    );
  }
}
