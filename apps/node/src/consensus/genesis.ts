/** The completed genesis document (cmtjson) in the typed form consensus starts from. */
import { parseCmtJsonTime, pubKeyFromJson } from '@cometts/types';
import type { Genesis } from '@cometts/reactors-consensus';
import { consensusParamsFromJson, type GenesisDoc } from '../home/genesis.js';

export function genesisFromDoc(doc: GenesisDoc, file = 'genesis.json'): Genesis {
  return {
    genesisTime: parseCmtJsonTime(doc.genesis_time),
    chainId: doc.chain_id,
    initialHeight: BigInt(doc.initial_height),
    consensusParams: consensusParamsFromJson(doc.consensus_params ?? {}),
    validators: (doc.validators ?? []).map((v, i) => ({
      pubKey: pubKeyFromJson(v.pub_key, file, `validators[${i}].pub_key`),
      power: BigInt(v.power),
    })),
    appHash: new Uint8Array(Buffer.from(doc.app_hash, 'hex')),
    appState: new TextEncoder().encode(doc.app_state === undefined ? '' : JSON.stringify(doc.app_state)),
  };
}
