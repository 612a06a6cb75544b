// The ml app's manage commands.
import type { Command } from '../../../lib/app';
import { train } from './train';

export default { train } satisfies Record<string, Command>;
