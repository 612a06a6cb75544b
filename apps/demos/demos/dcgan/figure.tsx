// The DCGAN figures: a grid of generated 16×16 digits and a row interpolating between two latent vectors.
import type { ReactNode } from 'react';

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
