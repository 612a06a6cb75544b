// The static first state computed at training time. Its own module, so the embed (server render) and its lazily loaded
// interactive part both start from it without importing each other.
import preview from '../../../../content/models/loss-compare/preview.json';
import type { LossView } from './figure';

export const LOSS_PREVIEW = preview as LossView;
