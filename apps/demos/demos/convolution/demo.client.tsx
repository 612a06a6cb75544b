'use client';
// The interactive convolution: edit a signal or draw on a 12×12 grid, pick a kernel (or type one), stride and
// padding; the server convolves (tf.conv1d / tf.conv2d) and each output cell's arithmetic is spelled out.
import { useEffect, useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ConvolutionOutput } from './types';
import { Conv1dFigure, Conv2dFigure, type Conv1dView, type Conv2dView, type Padding } from './figure';
import { CONV_PREVIEW } from './preview';
import { Conv1dInputs, Conv1dPicker, ConvTopControls, KERNELS_1D, KERNELS_2D, presetOf, sum } from './controls';
import { Status } from 'manifold/ml/ui/svg';
import { useModel } from 'manifold/ml/ui/use-model';

const CELL = 20;


export default function ConvolutionDemo() {
  const [mode, setMode] = useState<'1d' | '2d'>('1d');
  const [stride, setStride] = useState(1);
  const [padding, setPadding] = useState<Padding>('valid');

  const [signal, setSignal] = useState<number[]>(CONV_PREVIEW.signal.signal);
  const [kernel1, setKernel1] = useState<number[]>(CONV_PREVIEW.signal.kernel);
  const [normalize1, setNormalize1] = useState(CONV_PREVIEW.signal.normalize);
  const [out1, setOut1] = useState<number[]>(CONV_PREVIEW.signal.output);
  const [sel1, setSel1] = useState(0);

  const [image, setImage] = useState<number[][]>(CONV_PREVIEW.image.image);
  const [kernel2, setKernel2] = useState<number[][]>(CONV_PREVIEW.image.kernel);
  const [normalize2, setNormalize2] = useState(CONV_PREVIEW.image.normalize);
  const [out2, setOut2] = useState<number[][]>(CONV_PREVIEW.image.output);
  const [sel2, setSel2] = useState<[number, number]>([2, 3]);
  const [cursor, setCursor] = useState<[number, number]>([0, 0]);
  const [paint, setPaint] = useState<number | null>(null);

  const model = useModel<ConvolutionOutput | null>('convolution', null);
  const { request } = model;
  const sum1 = sum(kernel1);
  const sum2 = sum(kernel2.flat());
  const norm1 = normalize1 && sum1 !== 0;
  const norm2 = normalize2 && sum2 !== 0;

  useEffect(() => {
    if (mode !== '1d') return;
    void request({ signal, kernel: kernel1, normalize: norm1, stride, padding }, 100).then((r) => r && setOut1(r.output as number[]));
  }, [mode, signal, kernel1, norm1, stride, padding, request]);
  useEffect(() => {
    if (mode !== '2d') return;
    void request({ image, kernel: kernel2, normalize: norm2, stride, padding }, 100).then((r) => r && setOut2(r.output as number[][]));
  }, [mode, image, kernel2, norm2, stride, padding, request]);

  const view1: Conv1dView = { signal, kernel: kernel1, normalize: norm1, stride, padding, output: out1 };
  const view2: Conv2dView = { image, kernel: kernel2, normalize: norm2, stride, padding, output: out2 };
  const preset1 = presetOf(KERNELS_1D, kernel1);
  const preset2 = useMemo(() => presetOf(KERNELS_2D, kernel2), [kernel2]);

  const pickKernel = (name: string) => {
    if (mode === '1d') {
      if (name === 'custom') return setKernel1([1, 2, 1]);
      setKernel1(KERNELS_1D[name].kernel);
      setNormalize1(name === 'average');
    } else {
      if (name === 'custom') return setKernel2([[1, 2, 1], [2, 4, 2], [1, 2, 1]]);
      setKernel2(KERNELS_2D[name].kernel);
      setNormalize2(name === 'average');
    }
  };

  const setPixel = (r: number, c: number, v: number) => setImage((img) => (img[r][c] === v ? img : img.map((row, i) => (i === r ? row.map((x, j) => (j === c ? v : x)) : row))));
  const cellAt = (e: PointerEvent<SVGRectElement>): [number, number] | null => {
    const ctm = e.currentTarget.ownerSVGElement?.getScreenCTM();
    if (!ctm) return null;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    const r = Math.floor(p.y / CELL);
    const c = Math.floor(p.x / CELL);
    return r >= 0 && c >= 0 && r < image.length && c < image[0].length ? [r, c] : null;
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[e.key]) {
      e.preventDefault();
      setCursor(([r, c]) => [Math.max(0, Math.min(image.length - 1, r + moves[e.key][0])), Math.max(0, Math.min(image[0].length - 1, c + moves[e.key][1]))]);
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      setPixel(cursor[0], cursor[1], image[cursor[0]][cursor[1]] ? 0 : 1);
    }
  };
  const drawing = (
    <rect
      className="ml-drag-surface"
      x={0}
      y={0}
      width={image[0].length * CELL}
      height={image.length * CELL}
      onPointerDown={(e) => {
        const cell = cellAt(e);
        if (!cell) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        const v = image[cell[0]][cell[1]] ? 0 : 1;
        setPaint(v);
        setCursor(cell);
        setPixel(cell[0], cell[1], v);
      }}
      onPointerMove={(e) => {
        if (paint === null || !e.buttons) return;
        const cell = cellAt(e);
        if (cell) setPixel(cell[0], cell[1], paint);
      }}
      onPointerUp={() => setPaint(null)}
    />
  );

  const kernel = mode === '1d' ? kernel1 : kernel2;
  const kernelSum = mode === '1d' ? sum1 : sum2;
  const normalize = mode === '1d' ? normalize1 : normalize2;
  const oh = out2.length;
  const ow = oh ? out2[0].length : 0;

  return (
    <div className="ml-demo">
      <ConvTopControls
        mode={mode}
        preset={mode === '1d' ? preset1 : preset2}
        stride={stride}
        padding={padding}
        normalize={normalize}
        kernelSum={kernelSum}
        on={{ onMode: setMode, onKernel: pickKernel, onStride: setStride, onPadding: setPadding, onNormalize: (v) => (mode === '1d' ? setNormalize1 : setNormalize2)(v) }}
      />

      {mode === '1d' ? (
        <>
          <Conv1dInputs signal={signal} kernel={kernel1} onSignal={setSignal} onKernel={setKernel1} />
          <Conv1dFigure view={view1} selected={sel1} onSelect={setSel1} />
          <Conv1dPicker selected={sel1} outputs={out1.length} onSelect={setSel1} />
        </>
      ) : (
        <>
          <div className="ml-controls ml-inputs" role="group" aria-label="커널 값 (3×3)">
            <span className="ml-row-label">커널</span>
            {kernel.length === 3 &&
              kernel2.map((row, i) => (
                <span key={i} className="ml-kernel-row">
                  {row.map((v, j) => (
                    <input key={j} type="number" value={v} step={1} aria-label={`커널 ${i + 1}행 ${j + 1}열`} onChange={(e) => setKernel2(kernel2.map((r, a) => (a === i ? r.map((x, b) => (b === j ? Number(e.target.value) || 0 : x)) : r)))} />
                  ))}
                </span>
              ))}
            <button type="button" className="ml-button" onClick={() => setImage(image.map((r) => r.map(() => 0)))}>
              그림 지우기
            </button>
            <button type="button" className="ml-button" onClick={() => setImage(CONV_PREVIEW.image.image)}>
              예시 그림
            </button>
          </div>
          <div className="ml-canvas" tabIndex={0} role="application" aria-label={`그림판 ${image.length}×${image[0].length}: 화살표로 칸을 옮기고 스페이스로 칠하거나 지웁니다. 지금 ${cursor[0] + 1}행 ${cursor[1] + 1}열, ${image[cursor[0]][cursor[1]] ? '칠해짐' : '비어 있음'}.`} onKeyDown={onKey}>
            <Conv2dFigure view={view2} selected={sel2} onSelect={(r, c) => setSel2([r, c])} cursor={cursor} drawing={drawing} />
          </div>
          {oh > 0 && (
            <div className="ml-controls">
              <label>
                계산을 볼 출력 행 <span className="ml-out">{Math.min(sel2[0], oh - 1)}</span>
                <input type="range" min={0} max={oh - 1} value={Math.min(sel2[0], oh - 1)} onChange={(e) => setSel2([Number(e.target.value), sel2[1]])} />
              </label>
              <label>
                열 <span className="ml-out">{Math.min(sel2[1], ow - 1)}</span>
                <input type="range" min={0} max={ow - 1} value={Math.min(sel2[1], ow - 1)} onChange={(e) => setSel2([sel2[0], Number(e.target.value)])} />
              </label>
            </div>
          )}
        </>
      )}
      <Status {...model.status} />
    </div>
  );
}
