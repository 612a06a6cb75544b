// The static first state computed at training time. Its own module, so the embed (server render) and its lazily loaded
// interactive part both start from it without importing each other.
import preview from '../../../../content/models/dcgan/preview.json';
import type { DcganView } from './figure';

export const DCGAN_PREVIEW = preview as DcganView;
