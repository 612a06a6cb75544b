// The static first state computed at training time: a 1-D signal and a 2-D drawing. Its own module, so the embed
// (server render) and its lazily loaded interactive part both start from it without importing each other.
import preview from '../../../../content/models/convolution/preview.json';
import type { Conv1dView, Conv2dView } from './figure';

export const CONV_PREVIEW = preview as { signal: Conv1dView; image: Conv2dView };
