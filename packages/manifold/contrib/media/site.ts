// The media app's parts as the running site has them: its database, the storage the settings pick, and the usage
// finders the installed apps provide under media.usage (the registry's generated list).
import usageProviders from '@site/.manifold/provides/media.usage.mjs';
import { dbProvider, getDb } from '../../lib/db';
import type { MediaDeps, MediaUsageFinder } from './service';
import { mediaStorage } from './storage';

export function siteMediaDeps(): MediaDeps {
  return { db: getDb(), storage: mediaStorage(), usage: usageProviders as MediaUsageFinder[], provider: dbProvider() };
}
