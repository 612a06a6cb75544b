// <ModelDemo />'s static first state, the figure a reader without JavaScript sees (and every reader sees first): the
// example input the author chose and the served version's answer for it (MlModel.example, MlModelVersion.exampleOutput,
// computed when the version was checked or the signature saved), looked up at render time by embed-data.ts. A model
// that cannot answer (unhealthy, missing, still being checked, no signature) keeps its figure with a note saying why.
import { describeOutput, InputView, OutputView } from './widgets/views';
import type { ModelDemoData } from './widgets/types';

export function ModelDemoNote({ data }: { data: ModelDemoData | undefined }) {
  if (data && data.status === 'ready') return null;
  return (
    <p className="mdm-note" role="note">
      {data?.note ?? '모델 정보를 불러오지 못해 데모를 표시할 수 없습니다. / The model could not be looked up; the demo is unavailable.'}
    </p>
  );
}

export function ModelDemoFigure({ data }: { data: ModelDemoData | undefined }) {
  const sig = data?.signature;
  if (!data || !sig) return <ModelDemoNote data={data} />;
  const said = describeOutput(data.exampleOutput);
  return (
    <>
      <figure className="mdm-figure" data-mdm-figure="">
        <div className="mdm-panels">
          <div className="mdm-panel">
            <p className="mdm-panel-title">입력 (예시) / Input (example)</p>
            <InputView input={sig.input} body={data.example} />
          </div>
          <div className="mdm-panel">
            <p className="mdm-panel-title">출력 / Output</p>
            <OutputView output={sig.output} value={data.exampleOutput} />
          </div>
        </div>
        <figcaption>
          {`저자가 고른 예시 입력에 대한 모델${data.version ? ` v${data.version}` : ''}의 답 (저장된 결과)${said ? ` · ${said}` : ''}. / The model's saved answer for the author's example.`}
        </figcaption>
      </figure>
      <ModelDemoNote data={data} />
    </>
  );
}
