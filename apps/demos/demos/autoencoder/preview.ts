// The static first state computed at training time. Its own module, so the embed (server render) and its lazily loaded
// interactive part both start from it without importing each other.
import preview from '../../../../content/models/autoencoder/preview.json';
import type { AutoencoderView } from './figure';

export const AUTOENCODER_PREVIEW = preview as AutoencoderView;
