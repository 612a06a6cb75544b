// The static first state: the attention maps computed at training time, with the held-out accuracy from meta.json. Its
// own module, so the embed (server render) and its lazily loaded interactive part both start from it without importing
// each other.
import preview from '../../../../content/models/attention/preview.json';
import meta from '../../../../content/models/attention/meta.json';
import type { AttentionView } from './figure';

export const ATTENTION_PREVIEW: AttentionView = { ...(preview as AttentionView), heldOutAccuracy: meta.metrics.heldOutSequenceAccuracy };
