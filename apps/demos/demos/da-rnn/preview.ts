// The static first state computed at training time. Its own module, so the embed (server render) and its lazily loaded
// interactive part both start from it without importing each other.
import preview from '../../../../content/models/da-rnn/preview.json';
import type { DaRnnView } from './figure';

export const DA_RNN_PREVIEW = preview as DaRnnView;
