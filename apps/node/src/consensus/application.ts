/**
 * The ABCI application named by `proxy_app`. cometts runs applications in
 * process: `kvstore` (in memory, as CometBFT's: a restart replays the chain
 * into it), `persistent_kvstore` (on disk in `<db_dir>/kvstore.db`) and
 * `noop`. A socket or gRPC address needs an ABCI client cometts does not have.
 */
import { join } from 'node:path';
import { KVStoreApplication } from '@cometts/kvstore';
import { openDiskDb, openMemoryDb, type LevelDb } from '@cometts/store';
import { BaseApplication, type Application } from '@cometts/types';
import { UnsupportedAppError } from '../errors.js';

export const BUILT_IN_APPS = ['kvstore', 'persistent_kvstore', 'noop'] as const;

export interface OpenedApp {
  app: Application;
  /** The application's own database, if any (closed with the node). */
  db: LevelDb | undefined;
}

export async function openApplication(proxyApp: string, dataDir: string): Promise<OpenedApp> {
  switch (proxyApp) {
    case 'kvstore': {
      const db = await openMemoryDb();
      return { app: await KVStoreApplication.open(db), db };
    }
    case 'persistent_kvstore': {
      const db = await openDiskDb(join(dataDir, 'kvstore.db'));
      return { app: await KVStoreApplication.open(db), db };
    }
    case 'noop':
      return { app: new BaseApplication(), db: undefined };
    default:
      throw new UnsupportedAppError(proxyApp, BUILT_IN_APPS);
  }
}
