// The image input of <ModelDemo />: a drawing canvas (pointer: mouse, pen, touch), a keyboard alternative (arrow keys
// move a cell cursor on the model's own w×h grid, Space/Enter paints or erases that cell), a clear button and, when
// the signature allows, an image upload. Every change is box-averaged to the model's w×h (pixels.ts) and handed up as
// 0–255 values. The pad is what the model sees before the signature's scale/invert: white ink (255) on black (0), as
// MNIST-style digits are stored; a model trained on dark ink on paper declares invert. An upload is its own pixels.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ImageInput } from './types';
import { resample } from './pixels';

const SIZE = 280;
const PAPER = '#000';
const INK = '#fff';

export function DrawingInput({ input, initial, onPixels }: { input: ImageInput; initial: number[] | null; onPixels: (pixels: number[]) => void }) {
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<[number, number] | null>(null);
  const [cursor, setCursor] = useState<[number, number]>([Math.floor(input.height / 2), Math.floor(input.width / 2)]);
  const [focused, setFocused] = useState(false);
  const [uploadError, setUploadError] = useState('');
  const canDraw = input.source !== 'upload';
  const canUpload = input.source !== 'canvas';
  const cw = SIZE / input.width;
  const ch = SIZE / input.height;

  const ctx = () => canvas.current?.getContext('2d', { willReadFrequently: true }) ?? null;
  const emit = useCallback(() => {
    const c = ctx();
    if (!c) return;
    onPixels(resample(c.getImageData(0, 0, SIZE, SIZE).data, SIZE, SIZE, input.width, input.height, input.channels));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [input.width, input.height, input.channels, onPixels]);

  // The first picture is the author's example, cell by cell, so the live demo starts where the figure was.
  useEffect(() => {
    const c = ctx();
    if (!c) return;
    c.fillStyle = PAPER;
    c.fillRect(0, 0, SIZE, SIZE);
    if (!initial) return;
    for (let y = 0; y < input.height; y++)
      for (let x = 0; x < input.width; x++) {
        const i = (y * input.width + x) * input.channels;
        c.fillStyle = input.channels === 3 ? `rgb(${initial[i]},${initial[i + 1]},${initial[i + 2]})` : `rgb(${initial[i]},${initial[i]},${initial[i]})`;
        c.fillRect(x * cw, y * ch, Math.ceil(cw), Math.ceil(ch));
      }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE];
  };
  const stroke = (from: [number, number], to: [number, number]) => {
    const c = ctx();
    if (!c) return;
    c.strokeStyle = INK;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    // About 1.6 model cells wide: a stroke that survives the resampling as a line, not a smear or a speck.
    c.lineWidth = Math.max(8, 1.6 * Math.min(cw, ch));
    c.beginPath();
    c.moveTo(from[0], from[1]);
    c.lineTo(to[0], to[1]);
    c.stroke();
  };
  const paintCell = (r: number, col: number) => {
    const c = ctx();
    if (!c) return;
    const cells = c.getImageData(Math.floor(col * cw + cw / 2), Math.floor(r * ch + ch / 2), 1, 1).data;
    // Space paints a cell with ink, or erases an inked one.
    c.fillStyle = cells[0] < 128 ? INK : PAPER;
    c.fillRect(col * cw, r * ch, Math.ceil(cw), Math.ceil(ch));
    emit();
  };
  const clear = () => {
    const c = ctx();
    if (!c) return;
    c.fillStyle = PAPER;
    c.fillRect(0, 0, SIZE, SIZE);
    emit();
  };
  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[e.key]) {
      e.preventDefault();
      setCursor(([r, c]) => [Math.max(0, Math.min(input.height - 1, r + moves[e.key][0])), Math.max(0, Math.min(input.width - 1, c + moves[e.key][1]))]);
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      paintCell(cursor[0], cursor[1]);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      clear();
    }
  };
  const upload = (file: File | undefined) => {
    setUploadError('');
    if (!file) return;
    if (!file.type.startsWith('image/')) return setUploadError('그림 파일을 골라 주세요. / Please choose an image file.');
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      const c = ctx();
      URL.revokeObjectURL(url);
      if (!c) return;
      // A photo or scan on white, its own pixels.
      c.fillStyle = '#fff';
      c.fillRect(0, 0, SIZE, SIZE);
      // Contained, centred: the whole picture, its aspect kept.
      const k = Math.min(SIZE / img.naturalWidth, SIZE / img.naturalHeight);
      const w = img.naturalWidth * k;
      const h = img.naturalHeight * k;
      c.drawImage(img, (SIZE - w) / 2, (SIZE - h) / 2, w, h);
      emit();
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      setUploadError('그림을 읽지 못했습니다. / The image could not be read.');
    };
    img.src = url;
  };

  return (
    <div className="mdm-draw">
      <div className="mdm-canvas-wrap">
        <canvas
          ref={canvas}
          width={SIZE}
          height={SIZE}
          className="mdm-canvas"
          tabIndex={canDraw ? 0 : -1}
          role={canDraw ? 'application' : 'img'}
          aria-label={canDraw ? `그림판 ${input.width}×${input.height}: 마우스나 손가락으로 그리거나, 화살표로 칸을 옮기고 스페이스로 칠합니다 (Delete: 지우기). / Drawing pad: draw, or move with arrow keys and paint with Space.` : '올린 그림 / Uploaded image'}
          aria-describedby={`${id}-hint`}
          data-cursor={`${cursor[0]},${cursor[1]}`}
          onKeyDown={canDraw ? onKey : undefined}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onPointerDown={
            canDraw
              ? (e) => {
                  e.currentTarget.setPointerCapture(e.pointerId);
                  const p = point(e);
                  last.current = p;
                  stroke(p, p);
                }
              : undefined
          }
          onPointerMove={(e) => {
            if (!last.current) return;
            const p = point(e);
            stroke(last.current, p);
            last.current = p;
          }}
          onPointerUp={() => {
            if (!last.current) return;
            last.current = null;
            emit();
          }}
          onPointerCancel={() => {
            last.current = null;
            emit();
          }}
        />
        {focused && <span className="mdm-cursor" aria-hidden="true" style={{ left: `${(cursor[1] / input.width) * 100}%`, top: `${(cursor[0] / input.height) * 100}%`, width: `${100 / input.width}%`, height: `${100 / input.height}%` }} />}
      </div>
      <p className="mdm-hint" id={`${id}-hint`}>
        {canDraw ? `그린 그림은 ${input.width}×${input.height} 칸으로 줄여 모델에 보냅니다. / The drawing is resampled to ${input.width}×${input.height}.` : `올린 그림은 ${input.width}×${input.height}로 줄여 보냅니다. / Uploads are resampled to ${input.width}×${input.height}.`}
      </p>
      <div className="mdm-actions">
        {canDraw && (
          <button type="button" onClick={clear}>
            지우기 / Clear
          </button>
        )}
        {canUpload && (
          <label className="mdm-upload">
            그림 올리기 / Upload an image
            <input type="file" accept="image/*" onChange={(e) => upload(e.currentTarget.files?.[0])} />
          </label>
        )}
      </div>
      {uploadError && (
        <p className="mdm-error" role="alert">
          {uploadError}
        </p>
      )}
    </div>
  );
}
