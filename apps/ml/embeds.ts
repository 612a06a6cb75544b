// The MDX embeds of the ml app. Each is a client component whose server render is a static figure computed at
// training time (content/models/<name>/preview.json); its interactive part is a separate chunk loaded near the
// viewport and talks to POST /api/ml/<model>.
import type { EmbedRegistry } from '../../lib/app';
import Attention from './ui/Attention.client';
import Autoencoder from './ui/Autoencoder.client';
import Convolution from './ui/Convolution.client';
import DaRnn from './ui/DaRnn.client';
import Dcgan from './ui/Dcgan.client';
import GradientDescent from './ui/GradientDescent.client';
import LossCompare from './ui/LossCompare.client';
import Timestamp from './ui/Timestamp.client';

export default { Autoencoder, GradientDescent, LossCompare, Convolution, Dcgan, DaRnn, Attention, Timestamp } satisfies EmbedRegistry;
