// The ml app's manage commands.
import type { Command } from '../../../lib/app';
import { bundlereport } from './bundlereport';
import { train } from './train';

export default { bundlereport, train } satisfies Record<string, Command>;
