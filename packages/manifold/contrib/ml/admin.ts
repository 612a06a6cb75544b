// How the admin shows the ml app's model library. Browser-safe (options only). The MlModel change list is replaced by
// the library page (admin-hooks.ts changeListView: upload, report, signature, versions); the generic forms stay for
// the title and description, with everything an upload or the signature form decides read-only.
import type { ModelAdmin } from '../../lib/app';

const admin: ModelAdmin[] = [
  {
    model: 'MlModel',
    verboseName: '모델',
    verboseNamePlural: '모델 라이브러리',
    listDisplay: ['slug', 'title', 'updatedAt'],
    searchFields: ['slug', 'title', 'description'],
    ordering: ['-updatedAt', '-id'],
    readonlyFields: ['slug', 'signature', 'example', 'createdById', 'createdAt', 'updatedAt'],
    fieldLabels: {
      slug: { ko: '주소 이름', en: 'Slug' },
      title: { ko: '제목', en: 'Title' },
      description: { ko: '설명', en: 'Description' },
      signature: { ko: '시그니처(JSON)', en: 'Signature (JSON)' },
      example: { ko: '예시 입력(JSON)', en: 'Example input (JSON)' },
      createdById: { ko: '만든 사람 번호', en: 'Created by (id)' },
      createdAt: { ko: '만든 시각', en: 'Created at' },
      updatedAt: { ko: '바꾼 시각', en: 'Updated at' },
    },
  },
  {
    model: 'MlModelVersion',
    verboseName: '모델 버전',
    verboseNamePlural: '모델 버전',
    listDisplay: ['model', 'number', 'format', 'status', 'size', 'p50Ms', 'createdAt'],
    listFilter: ['status', 'format'],
    ordering: ['-createdAt', '-id'],
    readonlyFields: ['model', 'number', 'format', 'files', 'size', 'params', 'flops', 'inputShape', 'outputShape', 'dtypes', 'status', 'error', 'loadMs', 'p50Ms', 'exampleOutput', 'createdAt'],
    fieldLabels: {
      model: { ko: '모델', en: 'Model' },
      number: { ko: '버전', en: 'Version' },
      format: { ko: '형식', en: 'Format' },
      files: { ko: '파일', en: 'Files' },
      size: { ko: '크기(바이트)', en: 'Size (bytes)' },
      params: { ko: '파라미터 수', en: 'Parameters' },
      flops: { ko: '호출당 FLOPs', en: 'FLOPs per call' },
      inputShape: { ko: '입력 모양', en: 'Input shape' },
      outputShape: { ko: '출력 모양', en: 'Output shape' },
      dtypes: { ko: '자료형', en: 'Dtypes' },
      status: { ko: '상태', en: 'Status' },
      error: { ko: '오류', en: 'Error' },
      loadMs: { ko: '불러오기(ms)', en: 'Load (ms)' },
      p50Ms: { ko: 'p50(ms)', en: 'p50 (ms)' },
      exampleOutput: { ko: '예시 출력(JSON)', en: 'Example output (JSON)' },
      createdAt: { ko: '올린 시각', en: 'Uploaded at' },
    },
    choiceLabels: {
      status: {
        checking: { ko: '검사 중', en: 'Checking' },
        ready: { ko: '준비됨', en: 'Ready' },
        unhealthy: { ko: '문제 있음', en: 'Unhealthy' },
      },
    },
  },
];

export default admin;
