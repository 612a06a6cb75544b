// The DCGAN figures: a grid of generated 16×16 digits and a row interpolating between two latent vectors.
import { useId, type ReactNode } from 'react';
import { fmt } from 'manifold/ml/ui/svg';

export function Gallery({ images, label, caption, columns, selected, onPick, badge }: { images: string[]; label: string; caption: ReactNode; columns: number; selected?: Record<number, string>; onPick?: (i: number) => void; badge?: (i: number) => string | undefined }) {
  return (
    <figure className="ml-figure">
      <div className="ml-gallery" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }} role={onPick ? 'group' : 'img'} aria-label={label}>
        {images.map((src, i) => {
          // A 16×16 PNG inline: nothing for next/image to optimize (and embeds also run outside Next).
          // eslint-disable-next-line @next/next/no-img-element
          const img = <img src={`data:image/png;base64,${src}`} alt="" width={16} height={16} />;
          const tag = badge?.(i) ?? selected?.[i];
          return onPick ? (
            <button key={i} type="button" className={`ml-tile${tag ? ' ml-tile-sel' : ''}`} onClick={() => onPick(i)} aria-label={`${i + 1}번째 이미지${tag ? ` (${tag})` : ''}`} aria-pressed={Boolean(tag)}>
              {img}
              {tag && <span className="ml-tile-tag">{tag}</span>}
            </button>
          ) : (
            <span key={i} className={`ml-tile${tag ? ' ml-tile-sel' : ''}`}>
              {img}
              {tag && <span className="ml-tile-tag">{tag}</span>}
            </span>
          );
        })}
      </div>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

export interface DcganView {
  samples: { seed: number; images: string[] };
  interpolation: { images: string[] };
  /** Mean L1 distance to the nearest held-out real glyph: latent-path frames, pixel cross-fade frames, the ends. */
  onManifold?: { latent: number; pixel: number; ends: number; pairs: number };
}

/** The claim of the interpolation, with the numbers training measured. */
export function ManifoldNote({ m }: { m: NonNullable<DcganView['onManifold']> }) {
  return (
    <p className="ml-note">
      z 공간에서 보간한 중간 그림은 실제 숫자 이미지와 가장 가까운 것까지의 거리(픽셀당 평균 절대 차이)가 <strong>{m.latent.toFixed(3)}</strong>로, 양 끝 샘플 자체({m.ends.toFixed(3)})만큼 데이터 가까이에 머뭅니다. 같은 두 그림을 픽셀 공간에서 섞으면(겹쳐 보이는 잔상) <strong>{m.pixel.toFixed(3)}</strong>로 더 멀어집니다 (무작위 쌍 {m.pairs}개, 실제 이미지 2,000장과 비교).
    </p>
  );
}

export function DcganFigure({ view }: { view: DcganView }) {
  return (
    <>
    <div className="ml-panels ml-panels-2">
      <Gallery images={view.samples.images} columns={4} label={`DCGAN Generator가 무작위 Latent Vector ${view.samples.images.length}개로 만든 16×16 숫자 이미지`} caption={`Generator 샘플 (seed ${view.samples.seed})`} />
      <Gallery images={view.interpolation.images} columns={4} label="두 Latent Vector 사이를 직선으로 8단계 보간해 만든 이미지: 한 숫자가 다른 숫자로 서서히 바뀝니다" caption="두 z 사이의 보간 (왼쪽 위 → 오른쪽 아래)" />
    </div>
    {view.onManifold && <ManifoldNote m={view.onManifold} />}
    </>
  );
}

/** How many of A's latent components the sliders move, and how far (the generator saw z ~ N(0, 1)). */
export const DCGAN_DIMS = 4;
export const DCGAN_Z_SIZE = 16;

/**
 * The buttons above the galleries. Without handlers (the static figure, before the demo goes live) they are drawn
 * disabled, so the page keeps its height when the live demo takes over.
 */
export function DcganTopControls({ seed, next, onSeed, onNext }: { seed: number; next: 'A' | 'B'; onSeed?: () => void; onNext?: (n: 'A' | 'B') => void }) {
  const disabled = !onSeed;
  return (
    <div className="ml-controls">
      <button type="button" className="ml-button" disabled={disabled} onClick={onSeed}>
        새로 뽑기 (seed {seed + 1})
      </button>
      <fieldset className="ml-segmented" disabled={disabled}>
        <legend>누른 이미지를</legend>
        <label>
          <input type="radio" name="ml-dcgan-next" checked={next === 'A'} onChange={() => onNext?.('A')} /> A로
        </label>
        <label>
          <input type="radio" name="ml-dcgan-next" checked={next === 'B'} onChange={() => onNext?.('B')} /> B로
        </label>
      </fieldset>
    </div>
  );
}

/** The sliders, with what they do: each adds to one of the first components of A's latent vector z. */
export function DcganSliders({ offsets, onChange }: { offsets: number[]; onChange?: (i: number, v: number) => void }) {
  const about = useId();
  return (
    <div className="ml-sliders">
      <p id={about} className="ml-note">
        슬라이더는 A의 latent vector z({DCGAN_Z_SIZE}개의 수) 가운데 앞 {offsets.length}개 성분 z[0]–z[{offsets.length - 1}]에 −3부터 +3까지의 값을 더합니다. 보간 그림의 첫 칸(A)부터 바뀌며, 0으로 두면 원래의 A입니다. z의 각 성분은 표준정규분포(평균 0, 표준편차 1)에서 뽑았으므로 ±1은 흔한 변화, ±3은 큰 변화입니다. Generator는 이런 방향에 이름을 배우지 않으므로, 한 성분이 굵기나 기울기처럼 한 가지만 바꾸지는 않습니다.
      </p>
      <div className="ml-controls">
        {offsets.map((o, i) => (
          <label key={i}>
            A의 z[{i}]에 더하기 <span className="ml-out">{o > 0 ? '+' : ''}{fmt(o, 1)}</span>
            <input type="range" min={-3} max={3} step={0.1} value={o} disabled={!onChange} aria-describedby={about} aria-valuetext={`${o > 0 ? '+' : ''}${o.toFixed(1)}`} onChange={(e) => onChange?.(i, Number(e.target.value))} />
          </label>
        ))}
      </div>
    </div>
  );
}
