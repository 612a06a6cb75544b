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
}

export function DcganFigure({ view }: { view: DcganView }) {
  return (
    <div className="ml-panels ml-panels-2">
      <Gallery images={view.samples.images} columns={4} label={`DCGAN Generator가 무작위 Latent Vector ${view.samples.images.length}개로 만든 16×16 숫자 이미지`} caption={`Generator 샘플 (seed ${view.samples.seed})`} />
      <Gallery images={view.interpolation.images} columns={4} label="두 Latent Vector 사이를 직선으로 8단계 보간해 만든 이미지: 한 숫자가 다른 숫자로 서서히 바뀝니다" caption="두 z 사이의 보간 (왼쪽 위 → 오른쪽 아래)" />
    </div>
  );
}
