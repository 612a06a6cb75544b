// The synonym table that bridges Korean and English terms at query time (no reindex when it changes). A site adds
// its own groups in site.config.ts (`search: { synonyms: [['케라스', 'keras']] }`), or replaces these with
// `search: { synonyms: [...], defaultSynonyms: false }`. A term may be several words ("learning rate"); a query span
// of up to three words that spells a term is one group, matched by any term of its group.
import { siteConfig } from '@site/site.config';
import { Synonyms, type SynonymTable } from './tokenize';

export const DEFAULT_SYNONYMS: SynonymTable = [
  ['트랜스포머', 'transformer'],
  ['오토인코더', '오토 인코더', 'autoencoder', 'auto encoder'],
  ['합성곱', '컨볼루션', 'convolution'],
  ['합성곱 신경망', 'cnn', 'convolutional neural network', 'convolution neural network'],
  ['순환 신경망', 'rnn', 'recurrent neural network'],
  ['학습률', 'learning rate'],
  ['경사하강법', '경사 하강법', 'gradient descent'],
  ['신경망', 'neural network'],
  ['어텐션', '주의 집중', 'attention'],
  ['역전파', 'backpropagation', 'back propagation'],
  ['손실 함수', '손실함수', 'loss function'],
  ['활성화 함수', 'activation function'],
  ['소프트맥스', 'softmax'],
  ['임베딩', 'embedding'],
  ['인코더', 'encoder'],
  ['디코더', 'decoder'],
  ['드롭아웃', 'dropout'],
  ['과적합', 'overfitting'],
  ['정규화', 'normalization', 'regularization'],
  ['최적화', 'optimization', 'optimizer'],
  ['딥러닝', '심층 학습', 'deep learning'],
  ['머신러닝', '기계 학습', 'machine learning'],
  ['강화 학습', 'reinforcement learning'],
  ['생성적 적대 신경망', 'gan', 'generative adversarial network'],
  ['차원 축소', 'dimensionality reduction'],
  ['주성분 분석', 'pca', 'principal component analysis'],
  ['교차 엔트로피', 'cross entropy'],
  ['평균 제곱 오차', 'mse', 'mean squared error'],
  ['최대 우도', '최대우도', 'maximum likelihood'],
  ['시계열', 'time series'],
  ['자연어 처리', 'nlp', 'natural language processing'],
  ['논문 리뷰', '논문리뷰', 'paper review'],
  ['장고', 'django'],
  ['파이썬', 'python'],
  ['텐서플로', 'tensorflow'],
  ['파이토치', 'pytorch'],
];

interface SearchSettings {
  search?: { synonyms?: SynonymTable; defaultSynonyms?: boolean };
}

let current: Synonyms | undefined;

/** The site's synonyms (built once per process). */
export function siteSynonyms(): Synonyms {
  if (!current) {
    const config = (siteConfig as SearchSettings).search ?? {};
    current = new Synonyms([...(config.defaultSynonyms === false ? [] : DEFAULT_SYNONYMS), ...(config.synonyms ?? [])]);
  }
  return current;
}
