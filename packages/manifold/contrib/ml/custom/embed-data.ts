// <ModelDemo />'s render-time data (the embed data hook, AppManifest.embedData): the post page's data loader and the
// editor's preview ask this, on the server, what the embed needs before it renders: the model's title and signature,
// the version it talks to (the pinned one, or the latest ready one), that version's health, and the example input the
// author chose with that version's answer for it, from which the no-JS figure is drawn. Server-only (the database).
import type { EmbedDataResolvers } from '../../../lib/app';
import type { Db } from '../../../lib/db';
import type { ModelDemoData, Signature } from './widgets/types';

const json = <T,>(text: string | null | undefined): T | null => {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
};

/** The signature as the browser needs it: the text input's vocabulary stays on the server (it tokenizes). */
function publicSignature(sig: Signature | null): Signature | null {
  if (!sig || typeof sig !== 'object' || !sig.input || !sig.output) return null;
  if (sig.input.kind !== 'text') return sig;
  const { vocabulary: _v, oovIndex: _o, padIndex: _p, ...input } = sig.input;
  return { ...sig, input };
}

/** What <ModelDemo model version /> shows, looked up in the library (null fields when the model cannot answer). */
export async function modelDemoData(db: Db, props: { model: string; version?: number }): Promise<ModelDemoData> {
  const model = await db.mlModel.findUnique({ where: { slug: props.model }, select: { slug: true, title: true, signature: true, example: true } });
  const pinned = props.version !== undefined;
  if (!model) {
    return { slug: props.model, title: props.model, version: null, pinned, status: 'missing', note: `모델 라이브러리에 '${props.model}' 모델이 없습니다. / The model library has no model '${props.model}'.`, signature: null, example: null, exampleOutput: null };
  }
  const select = { number: true, status: true, error: true, exampleOutput: true } as const;
  // Pinned: that version whatever its state. Following: the latest ready one, else the latest (to say why it is not).
  const version = pinned
    ? await db.mlModelVersion.findFirst({ where: { model: { slug: props.model }, number: props.version }, select })
    : ((await db.mlModelVersion.findFirst({ where: { model: { slug: props.model }, status: 'ready' }, orderBy: { number: 'desc' }, select })) ??
      (await db.mlModelVersion.findFirst({ where: { model: { slug: props.model } }, orderBy: { number: 'desc' }, select })));
  const signature = publicSignature(json<Signature>(model.signature));
  const base = { slug: model.slug, title: model.title, pinned, signature, example: json<ModelDemoData['example']>(model.example) };
  if (!version) {
    const note = pinned ? `'${model.slug}' 모델에 버전 ${props.version}이(가) 없습니다. / Model '${model.slug}' has no version ${props.version}.` : `'${model.slug}' 모델에 아직 올라온 버전이 없습니다. / Model '${model.slug}' has no version yet.`;
    return { ...base, version: null, status: 'missing', note, exampleOutput: null };
  }
  const exampleOutput = json<ModelDemoData['exampleOutput']>(version.exampleOutput);
  if (version.status === 'unhealthy') {
    return { ...base, version: version.number, status: 'unhealthy', note: `이 모델(v${version.number})은 지금 응답할 수 없어 저장된 예시만 보여 줍니다: ${version.error || '불러오지 못했습니다 / it failed to load'} / This model (v${version.number}) cannot answer now; showing its saved example.`, exampleOutput };
  }
  if (version.status !== 'ready') {
    return { ...base, version: version.number, status: 'checking', note: `이 모델(v${version.number})은 아직 검사 중입니다. / This model (v${version.number}) is still being checked.`, exampleOutput };
  }
  if (!signature) {
    return { ...base, version: version.number, status: 'undeclared', note: '이 모델의 입력·출력 형식(시그니처)이 아직 정해지지 않았습니다. / This model\'s signature (input and output) is not declared yet.', exampleOutput };
  }
  return { ...base, version: version.number, status: 'ready', exampleOutput };
}

const resolvers: EmbedDataResolvers = {
  ModelDemo: async (props) => {
    const { db } = await import('../../../lib/db');
    return modelDemoData(db, props as { model: string; version?: number });
  },
};

export default resolvers;

// The editor picker's live choices for <ModelDemo> (B's embed-choices.ts; contrib/blog/editor/embed-catalog.ts reads
// the `embedChoices` named export of each app's embed data module).
export { embedChoices } from './embed-choices';
