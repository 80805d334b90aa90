/** ABCI 2.0 enums (tendermint.abci, v0.38) as const objects. */

export const CheckTxType = { New: 0, Recheck: 1 } as const;
export type CheckTxType = (typeof CheckTxType)[keyof typeof CheckTxType];

export const ProcessProposalStatus = { Unknown: 0, Accept: 1, Reject: 2 } as const;
export type ProcessProposalStatus = (typeof ProcessProposalStatus)[keyof typeof ProcessProposalStatus];

export const VerifyVoteExtensionStatus = { Unknown: 0, Accept: 1, Reject: 2 } as const;
export type VerifyVoteExtensionStatus = (typeof VerifyVoteExtensionStatus)[keyof typeof VerifyVoteExtensionStatus];

export const OfferSnapshotResult = { Unknown: 0, Accept: 1, Abort: 2, Reject: 3, RejectFormat: 4, RejectSender: 5 } as const;
export type OfferSnapshotResult = (typeof OfferSnapshotResult)[keyof typeof OfferSnapshotResult];

export const ApplySnapshotChunkResult = { Unknown: 0, Accept: 1, Abort: 2, Retry: 3, RetrySnapshot: 4, RejectSnapshot: 5 } as const;
export type ApplySnapshotChunkResult = (typeof ApplySnapshotChunkResult)[keyof typeof ApplySnapshotChunkResult];

export const MisbehaviorType = { Unknown: 0, DuplicateVote: 1, LightClientAttack: 2 } as const;
export type MisbehaviorType = (typeof MisbehaviorType)[keyof typeof MisbehaviorType];

/** The code of a successful CheckTx / ExecTxResult. */
export const CODE_TYPE_OK = 0;
