// The autoencoder figure: the swiss roll, its 2-D latent map, the autoencoder's reconstruction and PCA's, coloured
// by the position t along the roll (so an unrolled latent map shows a smooth ramp).
import type { ReactNode } from 'react';
import { extent, fmt, Figure, linear, ramp } from 'manifold/ml/ui/svg';

export interface AutoencoderView {
  points: number[][];
  t: number[];
  latent: number[][];
  reconstruction: number[][];
  pca: number[][];
  mse: { autoencoder: number; pca: number };
  latentRange: number[][];
  /** Trustworthiness and continuity at k of the held-out latent map and of PCA's 2-D projection (from training). */
  neighbourhoods?: { k: number; autoencoder: { trustworthiness: number; continuity: number }; pca: { trustworthiness: number; continuity: number } };
}

/** The claim: neighbourhoods kept by the latent map, against PCA's plane. */
export function NeighbourhoodNote({ nb }: { nb: NonNullable<AutoencoderView['neighbourhoods']> }) {
  return (
    <p className="ml-note">
      이웃 보존 (학습에 쓰지 않은 점 1,000개, k = {nb.k}): Latent 공간 <strong>신뢰도(trustworthiness) {nb.autoencoder.trustworthiness.toFixed(3)}</strong>, <strong>연속성(continuity) {nb.autoencoder.continuity.toFixed(3)}</strong> — PCA 평면은 신뢰도 {nb.pca.trustworthiness.toFixed(3)}, 연속성 {nb.pca.continuity.toFixed(3)}. 1이면 2차원에서 가까운 점이 원래 말린 종이 위에서도 가깝고(신뢰도), 종이 위에서 가까운 점이 2차원에서도 가깝다는(연속성) 뜻입니다. PCA는 말린 층을 한 평면에 포개므로 신뢰도가 떨어집니다.
    </p>
  );
}

const T_RANGE = [1.5 * Math.PI, 4.5 * Math.PI];
const W = 240;
const H = 200;

/** A fixed oblique camera on the roll; `azimuth` turns it around the vertical axis. */
export function project(p: number[], azimuth: number): [number, number, number] {
  const a = (azimuth * Math.PI) / 180;
  const e = (14 * Math.PI) / 180;
  const x = p[0] - 1;
  const y = p[1] - 10.5;
  const z = p[2] - 1;
  const sx = x * Math.cos(a) - y * Math.sin(a);
  const depth = x * Math.sin(a) + y * Math.cos(a);
  const sy = z * Math.cos(e) + depth * Math.sin(e);
  return [W / 2 + sx * 7, H / 2 - sy * 6.5, depth];
}

function Cloud({ points, t, azimuth, r = 2.4 }: { points: number[][]; t: number[]; azimuth: number; r?: number }) {
  const projected = points.map((p, i) => ({ xy: project(p, azimuth), i })).sort((a, b) => b.xy[2] - a.xy[2]);
  return (
    <g>
      {projected.map(({ xy, i }) => (
        <circle key={i} cx={xy[0].toFixed(1)} cy={xy[1].toFixed(1)} r={r} fill={ramp((t[i] - T_RANGE[0]) / (T_RANGE[1] - T_RANGE[0]))} fillOpacity={0.85} />
      ))}
    </g>
  );
}

export function Marker({ x, y }: { x: number; y: number }) {
  return (
    <g className="ml-marker" pointerEvents="none">
      <circle cx={x} cy={y} r={7} />
      <circle cx={x} cy={y} r={2.5} className="ml-marker-dot" />
    </g>
  );
}

export function latentScales(range: number[][]) {
  return { x: linear(range[0][0], range[0][1], 14, W - 8), y: linear(range[1][0], range[1][1], H - 12, 8) };
}

export function AutoencoderFigure({ view, azimuth = 15, decoded, latentHandle }: { view: AutoencoderView; azimuth?: number; decoded?: { latent: number[]; point: number[] } | null; latentHandle?: ReactNode }) {
  const ls = latentScales(view.latentRange);
  const mark3d = decoded ? project(decoded.point, azimuth) : null;
  const ratio = view.mse.pca / view.mse.autoencoder;
  const [lx0, lx1] = extent(view.latent.map((l) => l[0]));
  return (
    <>
      <div className="ml-panels ml-panels-2">
        <Figure width={W} height={H} title="원본 데이터: 3차원 Swiss Roll" desc={`검증용 점 ${view.points.length}개를 말린 종이 위의 위치 t에 따라 보라에서 노랑으로 칠했습니다.`} caption="① 원본 (3차원)">
          <Cloud points={view.points} t={view.t} azimuth={azimuth} />
          {mark3d && <Marker x={mark3d[0]} y={mark3d[1]} />}
        </Figure>
        <Figure width={W} height={H} title="Latent 공간: Encoder가 만든 2차원 좌표" desc={`같은 점들의 2차원 Latent 좌표입니다. 색이 한쪽 끝에서 다른 쪽 끝으로 차례로 이어지면 말린 종이가 펼쳐진 것입니다. 가로축 범위 ${fmt(lx0)}–${fmt(lx1)}.`} caption="② Latent 공간 (2차원)" className="ml-latent">
          <rect x={0} y={0} width={W} height={H} className="ml-plot-bg" />
          {view.latent.map((l, i) => (
            <circle key={i} cx={ls.x(l[0]).toFixed(1)} cy={ls.y(l[1]).toFixed(1)} r={2.4} fill={ramp((view.t[i] - T_RANGE[0]) / (T_RANGE[1] - T_RANGE[0]))} fillOpacity={0.85} />
          ))}
          {latentHandle}
          {decoded && !latentHandle && <Marker x={ls.x(decoded.latent[0])} y={ls.y(decoded.latent[1])} />}
        </Figure>
        <Figure width={W} height={H} title="Auto Encoder 복원 결과" desc={`Decoder가 Latent 좌표에서 다시 만든 3차원 점들입니다. 검증 데이터 평균제곱오차 ${fmt(view.mse.autoencoder, 3)}.`} caption={`③ Auto Encoder 복원 · MSE ${fmt(view.mse.autoencoder, 3)}`}>
          <Cloud points={view.reconstruction} t={view.t} azimuth={azimuth} />
          {mark3d && <Marker x={mark3d[0]} y={mark3d[1]} />}
        </Figure>
        <Figure width={W} height={H} title="PCA 2성분 복원 결과" desc={`PCA로 평면에 정사영했다가 되돌린 점들입니다. 말린 층이 한 평면에 겹칩니다. 검증 데이터 평균제곱오차 ${fmt(view.mse.pca, 3)}.`} caption={`④ PCA(2성분) 복원 · MSE ${fmt(view.mse.pca, 3)}`}>
          <Cloud points={view.pca} t={view.t} azimuth={azimuth} />
        </Figure>
      </div>
      <p className="ml-note">
        복원 오차(평균제곱오차): <strong>Auto Encoder {fmt(view.mse.autoencoder, 3)}</strong> vs <strong>PCA {fmt(view.mse.pca, 3)}</strong> — 비선형 Auto Encoder의 오차가 PCA의 1/{fmt(ratio, 1)}입니다.
      </p>
      {view.neighbourhoods && <NeighbourhoodNote nb={view.neighbourhoods} />}
    </>
  );
}
