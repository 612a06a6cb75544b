// An uploaded TensorFlow.js model, read and judged as data: model.json + weight shards (or one .zip of them) →
// Artifact, then inspectArtifact walks the topology against allow-lists (tfjs Layers classes; graph ops the wasm and
// cpu backends run), checks every weight spec against the shard bytes exactly, and estimates parameters and FLOPs for
// the input shape by its own shape inference. Nothing here builds a model or runs tfjs: a hostile topology (a Dense of
// 10⁹ units, a cycle, 10,000 nested wrappers) costs a refusal, never an allocation. Plain ESM with JSDoc, because the
// inference worker and server.mjs load it in plain Node.
import zlib from 'node:zlib';
import { HttpError } from '../../../lib/http-guard.mjs';

/** The default cap on an upload (MANIFOLD_ML_CUSTOM_MAX_BYTES overrides it through the store). */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** The default cap on the estimated cost of one call (MANIFOLD_ML_CUSTOM_MAX_MFLOPS). */
export const DEFAULT_MAX_FLOPS = 500e6;
/** At most this many files in an upload or entries in a .zip. */
export const MAX_FILES = 64;
/** Wrappers (Sequential in Functional in TimeDistributed…) nest at most this deep. */
const MAX_DEPTH = 12;
/** A topology with more layers or graph nodes than this is refused before it is walked. */
const MAX_NODES = 20000;
/** Unknown sizes (a text model's free length, a fully convolutional net's free height) are guessed as this. */
const GUESS_DIM = 32;

/** A refusal the uploader can act on: `.status` 400 (malformed upload), 413 (too large / too costly), 422 (refused content). */
export class ArtifactError extends HttpError {
  /** @param {number} status @param {string} ko @param {string} en */
  constructor(status, ko, en) {
    super(status, `${ko} / ${en}`);
    this.name = 'ArtifactError';
    /** @readonly */
    this.ko = ko;
    /** @readonly */
    this.en = en;
  }
}

/** @param {number} status @param {string} ko @param {string} en */
const refuse = (status, ko, en) => new ArtifactError(status, ko, en);

/** @param {number} n */
export const formatBytes = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);

/** A name from outside, shortened and stripped of control characters, for messages. @param {unknown} s */
const show = (s) => {
  const t = String(s).replace(/[\u0000-\u001f\u007f]/g, '?');
  return t.length > 60 ? `${t.slice(0, 60)}…` : t;
};

/**
 * @typedef {{ name: string, bytes: Uint8Array }} ArtifactFile
 * @typedef {{ name: string, shape: number[], dtype: string, quantization?: { dtype: string, scale?: number, min?: number } }} WeightSpec
 * @typedef {{ format: 'layers' | 'graph', modelJson: any, weightSpecs: WeightSpec[], weightData: Uint8Array, files: ArtifactFile[] }} Artifact
 * @typedef {(number | null)[]} Shape
 * @typedef {object} Report
 * @property {'layers' | 'graph'} format
 * @property {string[]} classes the layer classes (Layers) or ops (graph) the model uses, each once, in order of first use
 * @property {number} params weights (elements) of the model
 * @property {number} flops estimated floating-point operations of one call (batch 1) at `flopsInputShape`
 * @property {Shape} inputShape the model's input shape (batch first, null = any size), with declared sizes filled in
 * @property {Shape} outputShape its output shape for that input
 * @property {number[]} flopsInputShape the concrete input the estimate used (batch 1; unknown sizes guessed)
 * @property {boolean} guessed whether `flopsInputShape` has guessed sizes (declare the input to make it exact)
 * @property {string} inputDtype 'float32' | 'int32'
 * @property {string} outputDtype
 * @property {string | null} outputActivation the last layer's activation ('softmax', 'sigmoid', 'linear'…) when the topology says
 * @property {number | null} [embeddingInputDim] rows of an Embedding reading the input directly (a text model's vocabulary bound)
 * @property {number} size total bytes of the files
 * @property {number} memory estimated working memory of one call in bytes: the weights as float32, plus the largest
 *   layer's (or op's) inputs, outputs and convolution scratch (an im2col patch matrix) at `flopsInputShape`
 */

// ---------------------------------------------------------------------------------------------------------------
// Files and zips

/** @param {Uint8Array} bytes */
const isZip = (bytes) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);

/**
 * A file name inside the upload, normalised: forward slashes, no "./", no empty segments; null when it escapes
 * (absolute, "..", drive letters) or has characters a storage key should not.
 * @param {string} name
 */
export function safeName(name) {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return null;
  if (/[\u0000-\u001f\u007f\\:]/.test(name) || name.startsWith('/')) return null;
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..' || !/^[\w\-.@+ ]+$/.test(p))) return null;
  return parts.join('/');
}

/** CRC-32 (zip's) of bytes: Node's native one where it has it (20.15+), else a table. */
const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c;
  }
  return t;
})();
/** @param {Uint8Array} bytes */
function crc32(bytes) {
  const native = /** @type {{ crc32?: (data: Uint8Array) => number }} */ (zlib).crc32;
  if (native) return native(bytes) >>> 0;
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * The entries of a .zip, read from its central directory (parsed here: a few fields) and inflated by Node's native
 * zlib with `maxOutputLength` = the entry's declared size, which the cap has already bounded: a zip bomb stops there.
 * (fflate, which the browser side uses to pack uploads, inflates 20–50× slower in JavaScript: an 8 MB zip held the
 * server's main thread for 1–3 s.)
 * Refuses encrypted, zip64, multi-disk and unknown-method entries, unsafe paths and too many entries.
 * @param {Uint8Array} zip @param {{ maxBytes: number, zipName: string }} o
 * @returns {ArtifactFile[]}
 */
export function unzipArtifact(zip, { maxBytes, zipName }) {
  const bad = (/** @type {string} */ ko, /** @type {string} */ en) => refuse(400, `${show(zipName)}: ${ko}`, `${show(zipName)}: ${en}`);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (/** @type {number} */ at) => view.getUint16(at, true);
  const u32 = (/** @type {number} */ at) => view.getUint32(at, true);
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 65535); at--) {
    if (u32(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw bad('zip 파일의 끝(중앙 디렉터리)을 찾을 수 없습니다. 잘렸거나 zip이 아닙니다', 'the end of the zip (its central directory) is missing: it is truncated or not a zip');
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) throw bad('여러 조각으로 나뉜 zip은 받지 않습니다', 'multi-part zips are refused');
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bad('zip64 형식은 받지 않습니다', 'zip64 archives are refused');
  if (count > MAX_FILES) throw refuse(413, `${show(zipName)}: 항목이 너무 많습니다(${count}개, 최대 ${MAX_FILES}개)`, `${show(zipName)}: too many entries (${count}; at most ${MAX_FILES})`);
  if (cdOffset + cdSize > eocd) throw bad('중앙 디렉터리가 파일 밖을 가리킵니다', 'its central directory points outside the file');
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  /** @type {ArtifactFile[]} */
  const out = [];
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || u32(at) !== 0x02014b50) throw bad('중앙 디렉터리가 손상되었습니다', 'its central directory is damaged');
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const csize = u32(at + 20);
    const usize = u32(at + 24);
    const nameLen = u16(at + 28);
    const extraLen = u16(at + 30);
    const commentLen = u16(at + 32);
    const local = u32(at + 42);
    const rawName = utf8.decode(zip.subarray(at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
    // Folders and the metadata macOS' archiver adds are not files of the model.
    if (rawName.endsWith('/') || rawName.startsWith('__MACOSX/') || /(^|\/)\.DS_Store$/.test(rawName)) continue;
    const name = safeName(rawName);
    if (!name) throw bad(`안전하지 않은 경로의 항목이 있습니다: ${show(rawName)}`, `an entry has an unsafe path: ${show(rawName)}`);
    if (flags & 1) throw bad(`암호화된 항목은 받지 않습니다: ${name}`, `encrypted entries are refused: ${name}`);
    if (csize === 0xffffffff || usize === 0xffffffff) throw bad('zip64 형식은 받지 않습니다', 'zip64 archives are refused');
    if (method !== 0 && method !== 8) throw bad(`지원하지 않는 압축 방식(${method})입니다: ${name}. 일반 zip(deflate)으로 묶어 주세요`, `unsupported compression method ${method} for ${name}: use a plain (deflate) zip`);
    total += usize;
    if (total > maxBytes)
      throw refuse(413, `${show(zipName)}: 압축을 푼 크기가 상한 ${formatBytes(maxBytes)}을 넘습니다`, `${show(zipName)}: unpacked, it exceeds the ${formatBytes(maxBytes)} limit`);
    if (local + 30 > zip.length || u32(local) !== 0x04034b50) throw bad(`항목의 로컬 헤더가 손상되었습니다: ${name}`, `the local header of ${name} is damaged`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + csize > zip.length) throw bad(`항목이 잘렸습니다: ${name}`, `${name} is truncated`);
    const data = zip.subarray(start, start + csize);
    /** @type {Uint8Array} */
    let bytes;
    if (method === 0) {
      if (csize !== usize) throw bad(`항목의 크기가 맞지 않습니다: ${name}`, `the sizes of ${name} disagree`);
      bytes = data.slice();
    } else {
      /** @type {Buffer} */
      let inflated;
      try {
        inflated = zlib.inflateRawSync(data, { maxOutputLength: Math.max(usize, 1) });
      } catch (e) {
        if (/** @type {{ code?: string }} */ (e).code === 'ERR_BUFFER_TOO_LARGE')
          throw bad(`항목이 선언한 크기(${formatBytes(usize)})보다 크게 풀립니다(zip 폭탄?): ${name}`, `${name} unpacks past its declared size of ${formatBytes(usize)} (a zip bomb?)`);
        throw bad(`항목의 압축을 풀 수 없습니다: ${name}`, `${name} cannot be unpacked (${show(/** @type {Error} */ (e).message)})`);
      }
      if (inflated.length !== usize) throw bad(`항목이 선언한 크기만큼 풀리지 않습니다: ${name}`, `${name} unpacks to ${inflated.length} bytes, not its declared ${usize}`);
      bytes = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
    }
    if (crc32(bytes) !== crc) throw bad(`항목의 CRC가 맞지 않습니다(손상됨): ${name}`, `the CRC of ${name} does not match (damaged)`);
    out.push({ name, bytes });
  }
  return out;
}

/**
 * The upload → an Artifact: model.json (the one JSON with modelTopology and weightsManifest) and the shards it names,
 * each file named relative to model.json (what the store keeps; readArtifact(artifact.files) reads the same model).
 * @param {ArtifactFile[]} files model.json + shards, or one .zip of them
 * @param {{ maxBytes?: number }} [options]
 * @returns {Artifact}
 */
export function readArtifact(files, { maxBytes = DEFAULT_MAX_BYTES } = {}) {
  if (!Array.isArray(files) || files.length === 0) throw refuse(400, '파일이 없습니다. model.json과 가중치 파일(.bin), 또는 .zip 하나를 올려 주세요', 'No files: upload model.json with its weight files (.bin), or one .zip');
  if (files.length > MAX_FILES) throw refuse(413, `파일이 너무 많습니다(${files.length}개, 최대 ${MAX_FILES}개)`, `Too many files (${files.length}; at most ${MAX_FILES})`);
  let raw = 0;
  for (const f of files) {
    if (!f || typeof f.name !== 'string' || !(f.bytes instanceof Uint8Array)) throw refuse(400, '파일 형식이 잘못되었습니다', 'Malformed file list');
    raw += f.bytes.length;
  }
  if (raw > maxBytes) throw refuse(413, `모델이 너무 큽니다(${formatBytes(raw)}, 상한 ${formatBytes(maxBytes)})`, `The model is too large (${formatBytes(raw)}; the limit is ${formatBytes(maxBytes)})`);
  /** @type {ArtifactFile[]} */
  let list;
  const zips = files.filter((f) => isZip(f.bytes));
  if (zips.length > 0) {
    if (files.length !== 1) throw refuse(400, '.zip은 하나만, 다른 파일 없이 올려 주세요', 'Upload a .zip alone, with no other files');
    list = unzipArtifact(zips[0].bytes, { maxBytes, zipName: zips[0].name });
  } else {
    list = files.map((f) => {
      const name = safeName(f.name);
      if (!name) throw refuse(400, `안전하지 않은 파일 이름입니다: ${show(f.name)}`, `Unsafe file name: ${show(f.name)}`);
      return { name, bytes: f.bytes };
    });
  }
  const seen = new Set();
  for (const f of list) {
    if (seen.has(f.name)) throw refuse(400, `같은 이름의 파일이 두 번 있습니다: ${f.name}`, `Two files are named ${f.name}`);
    seen.add(f.name);
  }

  // model.json: the JSON file (by name model.json, else the only .json) that has a topology and a weights manifest.
  const jsons = list.filter((f) => /\.json$/i.test(f.name));
  /** @type {Map<string, any>} */
  const parsed = new Map();
  const parse = (/** @type {ArtifactFile} */ f) => {
    if (!parsed.has(f.name)) {
      let v = null;
      try {
        v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(f.bytes));
      } catch {
        v = undefined;
      }
      parsed.set(f.name, v);
    }
    return parsed.get(f.name);
  };
  const isModel = (/** @type {any} */ v) => v && typeof v === 'object' && !Array.isArray(v) && v.modelTopology && typeof v.modelTopology === 'object';
  let modelFile = jsons.find((f) => f.name.split('/').pop() === 'model.json');
  if (modelFile && parse(modelFile) === undefined) throw refuse(400, `${modelFile.name}이 올바른 JSON이 아닙니다`, `${modelFile.name} is not valid JSON`);
  if (!modelFile || !isModel(parse(modelFile))) {
    const candidates = jsons.filter((f) => isModel(parse(f)));
    if (candidates.length > 1) throw refuse(400, `모델 파일이 여러 개입니다(${candidates.map((f) => f.name).join(', ')}). 하나만 올려 주세요`, `Several model files (${candidates.map((f) => f.name).join(', ')}): upload one`);
    if (candidates.length === 0)
      throw refuse(400, 'model.json(modelTopology가 있는 TensorFlow.js 모델 파일)이 없습니다', 'No model.json (a TensorFlow.js model file with a modelTopology) among the files');
    modelFile = candidates[0];
  }
  const modelJson = parse(modelFile);
  if (!isModel(modelJson)) throw refuse(400, `${modelFile.name}에 modelTopology가 없습니다`, `${modelFile.name} has no modelTopology`);
  const topo = modelJson.modelTopology;
  const format = Array.isArray(topo.node) ? 'graph' : topo.class_name || topo.model_config ? 'layers' : null;
  if (!format) throw refuse(422, 'modelTopology가 Layers 모델(class_name)도 그래프 모델(node)도 아닙니다', 'modelTopology is neither a Layers model (class_name) nor a graph model (node list)');
  if (typeof modelJson.format === 'string' && modelJson.format !== `${format}-model`)
    throw refuse(422, `model.json의 format("${show(modelJson.format)}")이 내용(${format}-model)과 다릅니다`, `model.json says format "${show(modelJson.format)}" but its topology is a ${format}-model`);

  // The weights manifest: groups of specs, each group stored in its shards in order (tfjs' layout).
  const manifest = modelJson.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw refuse(422, 'weightsManifest가 배열이 아닙니다', 'weightsManifest is not an array');
  const dir = modelFile.name.includes('/') ? modelFile.name.slice(0, modelFile.name.lastIndexOf('/') + 1) : '';
  const byName = new Map(list.map((f) => [f.name, f]));
  /** @type {WeightSpec[]} */
  const weightSpecs = [];
  /** @type {Uint8Array[]} */
  const parts = [];
  /** @type {ArtifactFile[]} */
  const shards = [];
  const specNames = new Set();
  manifest.forEach((group, g) => {
    if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw refuse(422, `weightsManifest의 ${g + 1}번째 그룹에 paths나 weights가 없습니다`, `weightsManifest group ${g + 1} lacks paths or weights`);
    /** @type {ArtifactFile[]} */
    const groupShards = group.paths.map((/** @type {unknown} */ p) => {
      const rel = typeof p === 'string' ? safeName(p) : null;
      if (!rel) throw refuse(422, `가중치 파일 경로가 안전하지 않습니다: ${show(p)}`, `Unsafe weight file path in model.json: ${show(p)}`);
      const file = byName.get(dir + rel);
      if (!file) throw refuse(400, `model.json이 가리키는 가중치 파일이 없습니다: ${rel}`, `The weight file ${rel} named in model.json is missing: upload it with model.json`);
      if (shards.some((s) => s.name === rel)) throw refuse(422, `가중치 파일이 두 번 쓰였습니다: ${rel}`, `The weight file ${rel} is listed twice`);
      const shard = { name: rel, bytes: file.bytes };
      shards.push(shard);
      return shard;
    });
    const have = groupShards.reduce((n, s) => n + s.bytes.length, 0);
    const data = concat(groupShards.map((s) => s.bytes));
    let offset = 0;
    for (const spec of group.weights) {
      const clean = checkSpec(spec);
      if (specNames.has(clean.name)) throw refuse(422, `가중치 이름이 두 번 나옵니다: ${show(clean.name)}`, `The weight ${show(clean.name)} appears twice in the manifest`);
      specNames.add(clean.name);
      const need = specBytes(clean, data, offset);
      if (need === null || offset + need > have) {
        const needed = need === null ? null : offset + need;
        const total = groupNeeds(group.weights, data);
        throw shortShards(groupShards, have, total ?? needed, clean.name);
      }
      offset += need;
      weightSpecs.push(clean);
    }
    if (offset !== have)
      throw refuse(
        422,
        `가중치 파일(${groupShards.map((s) => s.name).join(', ')})이 ${have} 바이트인데 model.json의 가중치는 ${offset} 바이트입니다. 같은 변환 결과의 파일인지 확인해 주세요`,
        `The weight files (${groupShards.map((s) => s.name).join(', ')}) hold ${have} bytes but model.json's weights need ${offset}: are they from the same export?`,
      );
    parts.push(data);
  });
  return {
    format,
    modelJson,
    weightSpecs,
    weightData: concat(parts),
    files: [{ name: 'model.json', bytes: modelFile.bytes }, ...shards],
  };
}

/** @param {Uint8Array[]} arrays */
function concat(arrays) {
  if (arrays.length === 1) return arrays[0];
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** The bytes a whole group needs, or null when a string weight runs past the data. @param {any[]} specs @param {Uint8Array} data */
function groupNeeds(specs, data) {
  let offset = 0;
  for (const s of specs) {
    const need = specBytes(checkSpec(s), data, offset, true);
    if (need === null) return null;
    offset += need;
  }
  return offset;
}

/**
 * The refusal for shards shorter than the manifest: names the shard that is short (the one smaller than its
 * siblings, else the last) and the byte counts.
 * @param {ArtifactFile[]} shards @param {number} have @param {number | null} need @param {string} weight
 */
function shortShards(shards, have, need, weight) {
  const full = shards.length > 1 ? shards[0].bytes.length : 0;
  const short = shards.find((s, i) => i < shards.length - 1 && s.bytes.length < full) ?? shards[shards.length - 1];
  const needs = need === null ? '더 많은' : `${need}`;
  const needsEn = need === null ? 'more' : `${need}`;
  if (!short)
    return refuse(422, `가중치 ${show(weight)}의 데이터가 없습니다(가중치 파일이 없음)`, `There is no data for the weight ${show(weight)} (no weight files)`);
  return refuse(
    422,
    `가중치 파일 ${short.name}이 잘렸습니다: ${short.bytes.length} 바이트(그룹 합계 ${have} 바이트)인데 model.json은 ${needs} 바이트를 요구합니다(${show(weight)}에서 끊김)`,
    `The weight file ${short.name} is truncated: it has ${short.bytes.length} bytes (${have} in its group) but model.json needs ${needsEn} bytes (cut in ${show(weight)})`,
  );
}

const DTYPE_BYTES = /** @type {Record<string, number>} */ ({ float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 });

/** A weight spec from the manifest, checked field by field. @param {any} spec @returns {WeightSpec} */
function checkSpec(spec) {
  const name = spec && typeof spec.name === 'string' && spec.name.length > 0 && spec.name.length <= 512 ? spec.name : null;
  if (!name) throw refuse(422, 'weightsManifest에 이름이 없는(또는 너무 긴) 가중치가 있습니다', 'A weight in weightsManifest has no (or too long a) name');
  const shape = spec.shape;
  if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0 && d <= 2 ** 31))
    throw refuse(422, `가중치 ${show(name)}의 shape이 잘못되었습니다`, `The weight ${show(name)} has an invalid shape`);
  if (!['float32', 'int32', 'bool', 'string'].includes(spec.dtype))
    throw refuse(422, `가중치 ${show(name)}의 자료형 ${show(spec.dtype)}은 지원하지 않습니다(float32, int32, bool, string)`, `The weight ${show(name)} has the unsupported dtype ${show(spec.dtype)} (float32, int32, bool, string)`);
  /** @type {WeightSpec} */
  const out = { name, shape: shape.slice(), dtype: spec.dtype };
  if (spec.quantization != null) {
    const q = spec.quantization;
    if (!q || !['uint8', 'uint16', 'float16'].includes(q.dtype) || spec.dtype === 'string')
      throw refuse(422, `가중치 ${show(name)}의 양자화 설정이 잘못되었습니다`, `The weight ${show(name)} has an invalid quantization`);
    if (q.dtype !== 'float16' && !(Number.isFinite(q.scale) && Number.isFinite(q.min)))
      throw refuse(422, `가중치 ${show(name)}의 양자화에 scale/min이 없습니다`, `The quantization of ${show(name)} lacks scale/min`);
    out.quantization = { ...q };
  }
  if (spec.group !== undefined) /** @type {any} */ (out).group = spec.group;
  return out;
}

/**
 * Bytes of one weight at `offset` of its group's data; strings are length-prefixed (uint32 LE) and walked, null
 * when they run past the data.
 * @param {WeightSpec} spec @param {Uint8Array} data @param {number} offset @param {boolean} [quiet]
 * @returns {number | null}
 */
function specBytes(spec, data, offset, quiet = false) {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.dtype !== 'string') return n * DTYPE_BYTES[spec.quantization ? spec.quantization.dtype : spec.dtype];
  void quiet;
  let at = offset;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < n; i++) {
    if (at + 4 > data.length) return null;
    at += 4 + view.getUint32(at, true);
    if (at > data.length) return null;
  }
  return at - offset;
}

// ---------------------------------------------------------------------------------------------------------------
// Inspection

/**
 * Judges an artifact: allow-listed classes or ops only, the weights the topology needs are the weights given, one
 * input and one output, total size and estimated cost under the caps.
 * @param {Artifact} artifact
 * @param {{ maxBytes?: number, maxFlops?: number, maxMemory?: number, inputShape?: Shape }} [options] `inputShape` (batch
 *   first) fills or checks the model's input sizes; `maxMemory` caps the estimated working memory (no cap by default)
 * @returns {Report}
 */
export function inspectArtifact(artifact, { maxBytes = DEFAULT_MAX_BYTES, maxFlops = DEFAULT_MAX_FLOPS, maxMemory = Infinity, inputShape } = {}) {
  const size = artifact.files.reduce((n, f) => n + f.bytes.length, 0);
  if (size > maxBytes) throw refuse(413, `모델이 너무 큽니다(${formatBytes(size)}, 상한 ${formatBytes(maxBytes)})`, `The model is too large (${formatBytes(size)}; the limit is ${formatBytes(maxBytes)})`);
  if (inputShape !== undefined && !(Array.isArray(inputShape) && inputShape.length >= 1 && inputShape.length <= 6 && inputShape.every((d) => d === null || (Number.isSafeInteger(d) && d >= 1 && d <= 1e6))))
    throw refuse(422, '선언한 입력 shape이 잘못되었습니다', 'The declared input shape is invalid');
  const r = artifact.format === 'graph' ? inspectGraph(artifact, inputShape) : inspectLayers(artifact, inputShape);
  if (r.flops > maxFlops)
    throw refuse(
      413,
      `한 번 호출에 약 ${mflops(r.flops)} MFLOPs가 듭니다(입력 ${JSON.stringify(r.flopsInputShape)}). 상한은 ${mflops(maxFlops)} MFLOPs입니다`,
      `One call costs about ${mflops(r.flops)} MFLOPs (input ${JSON.stringify(r.flopsInputShape)}); the limit is ${mflops(maxFlops)} MFLOPs`,
    );
  if (r.memory > maxMemory)
    throw refuse(
      413,
      `한 번 호출에 약 ${formatBytes(r.memory)}의 메모리가 듭니다(입력 ${JSON.stringify(r.flopsInputShape)}). 상한은 ${formatBytes(maxMemory)}입니다`,
      `One call needs about ${formatBytes(r.memory)} of memory (input ${JSON.stringify(r.flopsInputShape)}); the limit is ${formatBytes(maxMemory)}`,
    );
  return { ...r, size };
}

/** @param {number} f */
const mflops = (f) => (f / 1e6 >= 100 ? Math.round(f / 1e6) : Math.round(f / 1e4) / 100).toLocaleString('en-US');

/**
 * The model's input shape with declared sizes filled in (a declared size that contradicts a fixed one is refused),
 * and the concrete batch-1 shape the estimate uses.
 * @param {Shape} model @param {Shape | undefined} declared
 */
function resolveInput(model, declared) {
  let shape = model.slice();
  if (declared) {
    if (declared.length !== model.length)
      throw refuse(422, `선언한 입력 ${JSON.stringify(declared)}의 차원 수가 모델의 입력 ${JSON.stringify(model)}과 다릅니다`, `The declared input ${JSON.stringify(declared)} has a different rank from the model's input ${JSON.stringify(model)}`);
    shape = model.map((d, i) => {
      const want = i === 0 ? null : declared[i];
      if (d !== null && want !== null && d !== want)
        throw refuse(422, `선언한 입력 ${JSON.stringify(declared)}이 모델의 입력 ${JSON.stringify(model)}과 맞지 않습니다`, `The declared input ${JSON.stringify(declared)} does not match the model's input ${JSON.stringify(model)}`);
      return d ?? want;
    });
  }
  const guessed = shape.slice(1).some((d) => d === null);
  const concrete = shape.map((d, i) => (i === 0 ? 1 : (d ?? GUESS_DIM)));
  return { shape, concrete, guessed };
}

// ---- Layers models -------------------------------------------------------------------------------------------

/**
 * The tfjs Layers classes accepted: each has a shape/parameter/FLOP rule below, and tfjs-layers registers it (a
 * test checks both). Classes whose forward pass the wasm backend lacks kernels for are left out.
 */
export const LAYER_CLASSES = Object.freeze([
  'InputLayer', 'Dense', 'Activation', 'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Masking', 'Embedding',
  'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax',
  'Conv1D', 'Conv2D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D', 'Cropping2D', 'UpSampling2D', 'ZeroPadding2D',
  'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D', 'AveragePooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D',
  'BatchNormalization', 'LayerNormalization',
  'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'TimeDistributed',
  'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate',
  'Rescaling',
  'Sequential', 'Model', 'Functional',
]);
const LAYER_SET = new Set(LAYER_CLASSES);
/** Keras' other names for the same classes. */
const LAYER_ALIASES = /** @type {Record<string, string>} */ ({ MaxPool1D: 'MaxPooling1D', MaxPool2D: 'MaxPooling2D', AvgPool1D: 'AveragePooling1D', AvgPool2D: 'AveragePooling2D', Convolution1D: 'Conv1D', Convolution2D: 'Conv2D', Conv2DTranspose: 'Conv2DTranspose', Deconvolution2D: 'Conv2DTranspose', GlobalAvgPool1D: 'GlobalAveragePooling1D', GlobalAvgPool2D: 'GlobalAveragePooling2D', GlobalMaxPool1D: 'GlobalMaxPooling1D', GlobalMaxPool2D: 'GlobalMaxPooling2D' });
/** Activation names tfjs knows (a string, never code). */
const ACTIVATIONS = new Set(['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hard_sigmoid', 'hardSigmoid', 'logSoftmax', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu', 'gelu_new', 'log_softmax', null, undefined]);

/**
 * Every class name in the topology (nested wrappers included), so all unknown ones are named in one message.
 * @param {any} layer @param {Set<string>} seen @param {string[]} order @param {number} depth @param {{ n: number }} count
 */
function collectClasses(layer, seen, order, depth, count) {
  if (depth > MAX_DEPTH) throw refuse(422, `레이어가 너무 깊게 중첩되었습니다(${MAX_DEPTH}단 초과)`, `Layers are nested too deeply (over ${MAX_DEPTH} levels)`);
  if (++count.n > MAX_NODES) throw refuse(413, `레이어가 너무 많습니다(${MAX_NODES}개 초과)`, `Too many layers (over ${MAX_NODES})`);
  if (!layer || typeof layer !== 'object' || typeof layer.class_name !== 'string') throw refuse(422, '레이어 설정에 class_name이 없습니다', 'A layer config has no class_name');
  const cls = LAYER_ALIASES[layer.class_name] ?? layer.class_name;
  if (!seen.has(cls)) {
    seen.add(cls);
    order.push(cls);
  }
  const config = layer.config;
  if (cls === 'Sequential') {
    const layers = Array.isArray(config) ? config : config?.layers;
    if (!Array.isArray(layers)) throw refuse(422, 'Sequential 설정에 layers가 없습니다', 'A Sequential config has no layers');
    for (const l of layers) collectClasses(l, seen, order, depth + 1, count);
  } else if (cls === 'Model' || cls === 'Functional') {
    if (!Array.isArray(config?.layers)) throw refuse(422, `${cls} 설정에 layers가 없습니다`, `A ${cls} config has no layers`);
    for (const l of config.layers) collectClasses(l, seen, order, depth + 1, count);
  } else if (cls === 'Bidirectional' || cls === 'TimeDistributed') {
    collectClasses(config?.layer, seen, order, depth + 1, count);
  }
}

/** @param {Artifact} artifact @param {Shape | undefined} declared */
function inspectLayers(artifact, declared) {
  const topo = artifact.modelJson.modelTopology;
  const root = topo.model_config ?? topo;
  /** @type {Set<string>} */
  const seen = new Set();
  /** @type {string[]} */
  const classes = [];
  collectClasses(root, seen, classes, 0, { n: 0 });
  const unknown = classes.filter((c) => !LAYER_SET.has(c));
  if (unknown.length)
    throw refuse(
      422,
      `허용되지 않은(사용자 정의이거나 지원하지 않는) 레이어가 있습니다: ${unknown.map(show).join(', ')}. 모델은 코드가 아닌 데이터로만 받으며, 표준 레이어만 쓸 수 있습니다`,
      `Unknown or custom layer class${unknown.length > 1 ? 'es' : ''}: ${unknown.map(show).join(', ')}. A model is taken as data, never code: only the standard layers are accepted`,
    );
  if (root.class_name !== 'Sequential' && root.class_name !== 'Model' && root.class_name !== 'Functional')
    throw refuse(422, `최상위가 모델이 아닌 레이어(${show(root.class_name)})입니다`, `The top of the topology is a layer (${show(root.class_name)}), not a model`);
  const inputs = modelInputs(root);
  if (inputs.length !== 1)
    throw refuse(422, `입력이 ${inputs.length}개인 모델입니다. 입력 하나, 출력 하나인 모델만 받습니다`, `The model has ${inputs.length} inputs: only models with one input and one output are accepted`);
  const { shape: modelInput, dtype: inputDtype } = inputs[0];
  const { shape: inputShape, concrete, guessed } = resolveInput(modelInput, declared);
  const [out] = applyLayer(root, [inputShape], new LayerContext(), 0);
  // Parameters and FLOPs at the concrete input (batch 1, unknown sizes guessed).
  const costCtx = new LayerContext();
  applyLayer(root, [concrete], costCtx, 0);
  const weights = artifact.weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  if (costCtx.params !== weights)
    throw refuse(
      422,
      `토폴로지에 필요한 가중치는 ${costCtx.params}개인데 weightsManifest에는 ${weights}개가 있습니다. model.json과 가중치가 같은 모델의 것인지 확인해 주세요`,
      `The topology needs ${costCtx.params} weights but weightsManifest holds ${weights}: are model.json and the weights from the same model?`,
    );
  return {
    format: /** @type {const} */ ('layers'),
    classes,
    params: costCtx.params,
    memory: costCtx.params * 4 + costCtx.peak,
    flops: Math.round(costCtx.flops),
    inputShape,
    outputShape: out,
    flopsInputShape: concrete,
    guessed,
    inputDtype,
    outputDtype: 'float32',
    outputActivation: lastActivation(root),
    embeddingInputDim: inputEmbedding(root),
  };
}

/**
 * The vocabulary size (input_dim) of an Embedding that reads the model's input directly, or null: a text signature's
 * word indices must stay below it (tfjs' gather refuses an index outside the table).
 * @param {any} root @returns {number | null}
 */
function inputEmbedding(root) {
  /** @param {any} l @param {number} depth @returns {number | null} */
  const first = (l, depth) => {
    if (!l || depth > MAX_DEPTH) return null;
    const c = l.config;
    if (l.class_name === 'Embedding') return Number.isSafeInteger(c?.input_dim) ? c.input_dim : null;
    if (l.class_name === 'Sequential') {
      const layers = Array.isArray(c) ? c : c?.layers;
      return first((layers ?? []).find((/** @type {any} */ x) => x.class_name !== 'InputLayer'), depth + 1);
    }
    if (l.class_name === 'Model' || l.class_name === 'Functional') {
      const inputName = c?.input_layers?.[0]?.[0];
      const readers = (c?.layers ?? []).filter((/** @type {any} */ x) => JSON.stringify(x.inbound_nodes ?? []).includes(JSON.stringify(inputName)));
      return readers.length === 1 ? first(readers[0], depth + 1) : null;
    }
    return null;
  };
  return first(root, 0);
}

/** @param {any} root @returns {{ shape: Shape, dtype: string }[]} */
function modelInputs(root) {
  const cfg = root.config;
  if (root.class_name === 'Sequential') {
    const layers = Array.isArray(cfg) ? cfg : cfg.layers;
    const first = layers[0];
    if (!first) throw refuse(422, '레이어가 없는 모델입니다', 'The model has no layers');
    // A model as the first layer (a pretrained base in a Sequential): its own input is the input.
    if (['Sequential', 'Model', 'Functional'].includes(first.class_name) && !(first.config?.batch_input_shape ?? first.config?.batch_shape)) return modelInputs(first);
    const c = first.config ?? {};
    const shape = c.batch_input_shape ?? c.batch_shape ?? (Array.isArray(c.input_shape) ? [null, ...c.input_shape] : null);
    if (!shape) throw refuse(422, '첫 레이어에 입력 shape(batch_input_shape)이 없습니다', 'The first layer declares no input shape (batch_input_shape)');
    return [{ shape: checkShape(shape), dtype: dtypeOf(c.dtype) }];
  }
  const names = (cfg.input_layers ?? []).map((/** @type {any} */ r) => (Array.isArray(r) ? r[0] : r));
  return names.map((/** @type {string} */ n) => {
    const l = cfg.layers.find((/** @type {any} */ x) => (x.name ?? x.config?.name) === n);
    if (!l || l.class_name !== 'InputLayer') throw refuse(422, `입력 레이어 ${show(n)}를 찾을 수 없습니다`, `The input layer ${show(n)} is missing`);
    return { shape: checkShape(l.config.batch_input_shape ?? l.config.batch_shape), dtype: dtypeOf(l.config.dtype) };
  });
}

/** @param {unknown} d */
const dtypeOf = (d) => (d === 'int32' ? 'int32' : 'float32');

/** @param {unknown} s @returns {Shape} */
function checkShape(s) {
  if (!Array.isArray(s) || s.length < 1 || s.length > 6 || !s.every((d) => d === null || (Number.isSafeInteger(d) && d >= 1 && d <= 1e6)))
    throw refuse(422, `입력 shape이 잘못되었습니다: ${show(JSON.stringify(s))}`, `Invalid input shape: ${show(JSON.stringify(s))}`);
  return s.map((d, i) => (i === 0 ? null : d));
}

/** The activation of the layer that makes the output, when the topology says. @param {any} root */
function lastActivation(root) {
  /** @param {any} l @param {number} depth @returns {string | null} */
  const last = (l, depth) => {
    if (!l || depth > MAX_DEPTH) return null;
    const c = l.config;
    if (l.class_name === 'Sequential') {
      const layers = Array.isArray(c) ? c : c.layers;
      for (let i = layers.length - 1; i >= 0; i--) {
        const cls = layers[i].class_name;
        if (['Dropout', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'SpatialDropout1D', 'Flatten', 'Reshape'].includes(cls)) continue;
        return last(layers[i], depth + 1);
      }
      return null;
    }
    if (l.class_name === 'Model' || l.class_name === 'Functional') {
      const outName = (c.output_layers?.[0] ?? [])[0];
      return last(c.layers.find((/** @type {any} */ x) => (x.name ?? x.config?.name) === outName), depth + 1);
    }
    if (l.class_name === 'Softmax') return 'softmax';
    if (l.class_name === 'TimeDistributed' || l.class_name === 'Bidirectional') return last(c.layer, depth + 1);
    return typeof c?.activation === 'string' ? c.activation : l.class_name === 'Dense' ? 'linear' : null;
  };
  return last(root, 0);
}

class LayerContext {
  params = 0;
  flops = 0;
  /** The largest inputs + outputs + scratch of one layer, in bytes. */
  peak = 0;
  /** Scratch of the layer being applied (set by convolutions). */
  scratch = 0;
  /** Layers whose parameters were counted (a shared layer has one set). @type {Set<any>} */
  counted = new Set();
  /** Layers applied at least once. @type {Set<any>} */
  visited = new Set();
  /** @param {any} layer @param {number} n */
  addParams(layer, n) {
    if (this.counted.has(layer)) return;
    this.counted.add(layer);
    this.params += n;
  }
}

/** @param {Shape} s */
const prod = (s) => s.reduce((/** @type {number} */ a, d) => a * (d ?? 1), 1);
/** @param {Shape} s */
const known = (s) => s.every((d) => d !== null);

/** @param {unknown} v @param {number} n @param {string} what @returns {number[]} */
function ints(v, n, what) {
  const a = typeof v === 'number' ? Array(n).fill(v) : v;
  if (!Array.isArray(a) || a.length !== n || !a.every((x) => Number.isSafeInteger(x) && x >= 0 && x <= 1e6))
    throw refuse(422, `${what} 설정이 잘못되었습니다: ${show(JSON.stringify(v))}`, `Invalid ${what}: ${show(JSON.stringify(v))}`);
  return a;
}

/** @param {unknown} v @param {string} what @param {number} [max] */
function posInt(v, what, max = 1e7) {
  if (!Number.isSafeInteger(v) || /** @type {number} */ (v) < 1 || /** @type {number} */ (v) > max)
    throw refuse(422, `${what} 값이 잘못되었습니다: ${show(v)}`, `Invalid ${what}: ${show(v)}`);
  return /** @type {number} */ (v);
}

/** Output length of a windowed op (conv/pool) along one axis. @param {number | null} n @param {number} k @param {number} s @param {string} pad @param {number} [dil] */
function windowOut(n, k, s, pad, dil = 1) {
  if (n === null) return null;
  const eff = (k - 1) * dil + 1;
  if (pad === 'same' || pad === 'causal') return Math.ceil(n / s);
  if (pad !== 'valid') throw refuse(422, `padding "${show(pad)}"은 지원하지 않습니다`, `Unsupported padding "${show(pad)}"`);
  const o = Math.floor((n - eff) / s) + 1;
  if (o < 1) throw refuse(422, `입력(${n})이 커널(${eff})보다 작아 출력이 없습니다`, `The input (${n}) is smaller than the window (${eff}): no output`);
  return o;
}

/**
 * One layer (or nested model) applied to its input shapes: returns the output shapes and adds its parameters and
 * FLOPs (batch 1) to ctx.
 * @param {any} layer @param {Shape[]} inputs @param {LayerContext} ctx @param {number} depth
 * @returns {Shape[]}
 */
function applyLayer(layer, inputs, ctx, depth) {
  const before = ctx.scratch;
  ctx.scratch = 0;
  const outputs = applyOne(layer, inputs, ctx, depth);
  if (!['Sequential', 'Model', 'Functional', 'TimeDistributed', 'Bidirectional'].includes(layer.class_name)) {
    const bytes = [...inputs, ...outputs].reduce((n, s) => n + prod(s) * 4, 0) + ctx.scratch;
    if (bytes > ctx.peak) ctx.peak = bytes;
  }
  ctx.scratch = before;
  return outputs;
}

/** @param {any} layer @param {Shape[]} inputs @param {LayerContext} ctx @param {number} depth @returns {Shape[]} */
function applyOne(layer, inputs, ctx, depth) {
  if (depth > MAX_DEPTH) throw refuse(422, '레이어가 너무 깊게 중첩되었습니다', 'Layers are nested too deeply');
  ctx.visited.add(layer);
  const cls = LAYER_ALIASES[layer.class_name] ?? layer.class_name;
  const c = layer.config ?? {};
  const name = show(c.name ?? layer.name ?? cls);
  const one = () => {
    if (inputs.length !== 1) throw refuse(422, `${name}(${cls})은 입력 하나를 받습니다`, `${name} (${cls}) takes one input`);
    return inputs[0];
  };
  const rankAtLeast = (/** @type {Shape} */ s, /** @type {number} */ r) => {
    if (s.length < r) throw refuse(422, `${name}(${cls})의 입력 ${JSON.stringify(s)}의 차원이 부족합니다(${r}차원 이상)`, `${name} (${cls}) needs an input of rank ≥ ${r}, not ${JSON.stringify(s)}`);
    return s;
  };
  const rank = (/** @type {Shape} */ s, /** @type {number} */ r) => {
    if (s.length !== r) throw refuse(422, `${name}(${cls})의 입력 ${JSON.stringify(s)}은 ${r}차원이어야 합니다`, `${name} (${cls}) needs an input of rank ${r}, not ${JSON.stringify(s)}`);
    return s;
  };
  const lastDim = (/** @type {Shape} */ s) => {
    const d = s[s.length - 1];
    if (d === null) throw refuse(422, `${name}(${cls})의 입력 마지막 차원을 알 수 없습니다`, `${name} (${cls}) needs a known last dimension`);
    return d;
  };
  const activation = () => {
    if (!ACTIVATIONS.has(c.activation)) throw refuse(422, `${name}의 활성화 함수 "${show(c.activation)}"는 지원하지 않습니다`, `${name} uses the unsupported activation "${show(c.activation)}"`);
    if (c.recurrent_activation !== undefined && !ACTIVATIONS.has(c.recurrent_activation))
      throw refuse(422, `${name}의 활성화 함수 "${show(c.recurrent_activation)}"는 지원하지 않습니다`, `${name} uses the unsupported activation "${show(c.recurrent_activation)}"`);
  };
  const channelsFirst = c.data_format === 'channels_first';
  const useBias = c.use_bias !== false;
  switch (cls) {
    case 'Sequential': {
      const layers = Array.isArray(c) ? c : c.layers;
      let shapes = inputs;
      for (const l of layers) {
        if (l.class_name === 'InputLayer') continue;
        shapes = applyLayer(l, shapes, ctx, depth + 1);
      }
      return shapes;
    }
    case 'Model':
    case 'Functional':
      return applyFunctional(layer, inputs, ctx, depth);
    case 'InputLayer':
      return inputs;
    case 'Dense': {
      activation();
      const s = rankAtLeast(one(), 2);
      const d = lastDim(s);
      const units = posInt(c.units, `${name}.units`);
      ctx.addParams(layer, d * units + (useBias ? units : 0));
      ctx.flops += prod(s.slice(1, -1)) * (2 * d * units + units);
      return [[...s.slice(0, -1), units]];
    }
    case 'Activation':
    case 'ReLU':
    case 'LeakyReLU':
    case 'ELU':
    case 'ThresholdedReLU':
    case 'Softmax': {
      if (cls === 'Activation') activation();
      const s = one();
      ctx.flops += prod(s.slice(1)) * (cls === 'Softmax' || c.activation === 'softmax' ? 5 : 1);
      return [s];
    }
    case 'Dropout':
    case 'SpatialDropout1D':
    case 'GaussianNoise':
    case 'GaussianDropout':
    case 'AlphaDropout':
    case 'Masking':
      return [one()];
    case 'Rescaling': {
      const s = one();
      ctx.flops += 2 * prod(s.slice(1));
      return [s];
    }
    case 'PReLU': {
      const s = one();
      const shared = new Set(Array.isArray(c.shared_axes) ? c.shared_axes : c.shared_axes != null ? [c.shared_axes] : []);
      const alpha = s.slice(1).map((d, i) => (shared.has(i + 1) ? 1 : d));
      if (!known(alpha)) throw refuse(422, `${name}(PReLU)의 입력 크기를 알 수 없습니다`, `${name} (PReLU) needs known input sizes`);
      ctx.addParams(layer, prod(alpha));
      ctx.flops += 2 * prod(s.slice(1));
      return [s];
    }
    case 'Flatten': {
      const s = one();
      return [[s[0], known(s.slice(1)) ? prod(s.slice(1)) : null]];
    }
    case 'Reshape': {
      const s = one();
      const target = c.target_shape;
      if (!Array.isArray(target) || target.length > 6 || !target.every((d) => d === -1 || d === null || (Number.isSafeInteger(d) && d >= 1)))
        throw refuse(422, `${name}(Reshape)의 target_shape이 잘못되었습니다`, `${name} (Reshape) has an invalid target_shape`);
      const free = target.filter((d) => d === -1 || d === null).length;
      if (free > 1) throw refuse(422, `${name}(Reshape)의 target_shape에 -1이 둘 이상입니다`, `${name} (Reshape) has more than one -1`);
      const fixed = target.reduce((a, d) => (d === -1 || d === null ? a : a * d), 1);
      const total = known(s.slice(1)) ? prod(s.slice(1)) : null;
      if (total !== null && (free ? total % fixed !== 0 : total !== fixed))
        throw refuse(422, `${name}(Reshape): 입력 ${JSON.stringify(s)}을 ${JSON.stringify(target)}로 바꿀 수 없습니다`, `${name} (Reshape) cannot reshape ${JSON.stringify(s)} to ${JSON.stringify(target)}`);
      return [[s[0], ...target.map((d) => (d === -1 || d === null ? (total === null ? null : total / fixed) : d))]];
    }
    case 'Permute': {
      const s = one();
      const dims = c.dims;
      const n = s.length - 1;
      if (!Array.isArray(dims) || dims.length !== n || [...dims].sort((a, b) => a - b).some((d, i) => d !== i + 1))
        throw refuse(422, `${name}(Permute)의 dims가 잘못되었습니다`, `${name} (Permute) has invalid dims`);
      ctx.flops += prod(s.slice(1));
      return [[s[0], ...dims.map((d) => s[d])]];
    }
    case 'RepeatVector': {
      const s = rank(one(), 2);
      const n = posInt(c.n, `${name}.n`, 1e5);
      return [[s[0], n, s[1]]];
    }
    case 'Embedding': {
      const s = one();
      const inDim = posInt(c.input_dim, `${name}.input_dim`);
      const outDim = posInt(c.output_dim, `${name}.output_dim`, 1e5);
      ctx.addParams(layer, inDim * outDim);
      ctx.flops += prod(s.slice(1)) * outDim;
      return [[...s, outDim]];
    }
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv2DTranspose':
    case 'SeparableConv2D':
    case 'DepthwiseConv2D': {
      activation();
      const n = cls === 'Conv1D' ? 1 : 2;
      const s = rank(one(), n + 2);
      const spatial = channelsFirst ? s.slice(2) : s.slice(1, -1);
      const cin = channelsFirst ? s[1] : s[s.length - 1];
      if (cin === null) throw refuse(422, `${name}(${cls})의 입력 채널 수를 알 수 없습니다`, `${name} (${cls}) needs a known number of input channels`);
      const k = ints(c.kernel_size, n, `${name}.kernel_size`);
      const st = ints(c.strides ?? 1, n, `${name}.strides`);
      const dil = ints(c.dilation_rate ?? 1, n, `${name}.dilation_rate`);
      if (k.some((x) => x < 1) || st.some((x) => x < 1) || dil.some((x) => x < 1)) throw refuse(422, `${name}(${cls})의 커널/보폭이 잘못되었습니다`, `${name} (${cls}) has an invalid kernel or stride`);
      const pad = c.padding ?? 'valid';
      if (pad === 'causal') throw refuse(422, `${name}(${cls})의 padding="causal"은 TensorFlow.js가 실행하지 못합니다. "same"이나 "valid"로 바꿔 주세요`, `${name} (${cls}) uses padding "causal", which TensorFlow.js cannot run: use "same" or "valid"`);
      if (c.groups !== undefined && c.groups !== 1) throw refuse(422, `${name}(${cls})의 groups=${show(c.groups)}는 TensorFlow.js가 지원하지 않습니다`, `${name} (${cls}) uses groups=${show(c.groups)}, which TensorFlow.js does not support`);
      const kk = k.reduce((a, b) => a * b, 1);
      let cout;
      let out;
      if (cls === 'Conv2DTranspose') {
        cout = posInt(c.filters, `${name}.filters`, 1e5);
        if (pad !== 'same' && pad !== 'valid') throw refuse(422, `padding "${show(pad)}"은 지원하지 않습니다`, `Unsupported padding "${show(pad)}"`);
        out = spatial.map((d, i) => (d === null ? null : pad === 'same' ? d * st[i] : d * st[i] + Math.max(k[i] - st[i], 0)));
        ctx.addParams(layer, kk * cin * cout + (useBias ? cout : 0));
        ctx.flops += 2 * kk * cin * cout * prod(spatial);
      } else {
        out = spatial.map((d, i) => windowOut(d, k[i], st[i], pad, dil[i]));
        const positions = prod(out);
        if (cls === 'DepthwiseConv2D') {
          const m = posInt(c.depth_multiplier ?? 1, `${name}.depth_multiplier`, 1e4);
          cout = cin * m;
          ctx.addParams(layer, kk * cin * m + (useBias ? cout : 0));
          ctx.flops += 2 * kk * cin * m * positions;
        } else if (cls === 'SeparableConv2D') {
          const m = posInt(c.depth_multiplier ?? 1, `${name}.depth_multiplier`, 1e4);
          cout = posInt(c.filters, `${name}.filters`, 1e5);
          ctx.addParams(layer, kk * cin * m + cin * m * cout + (useBias ? cout : 0));
          ctx.flops += 2 * (kk * cin * m + cin * m * cout) * positions;
        } else {
          cout = posInt(c.filters, `${name}.filters`, 1e5);
          ctx.addParams(layer, kk * cin * cout + (useBias ? cout : 0));
          ctx.flops += 2 * kk * cin * cout * positions;
          if (kk > 1) ctx.scratch = positions * kk * cin * 4;
        }
      }
      return [channelsFirst ? [s[0], cout, ...out] : [s[0], ...out, cout]];
    }
    case 'MaxPooling1D':
    case 'AveragePooling1D':
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const n = cls.endsWith('1D') ? 1 : 2;
      const s = rank(one(), n + 2);
      const spatial = channelsFirst ? s.slice(2) : s.slice(1, -1);
      const ch = channelsFirst ? s[1] : s[s.length - 1];
      const k = ints(c.pool_size ?? 2, n, `${name}.pool_size`);
      const st = ints(c.strides ?? c.pool_size ?? 2, n, `${name}.strides`);
      if (k.some((x) => x < 1) || st.some((x) => x < 1)) throw refuse(422, `${name}(${cls})의 창 크기가 잘못되었습니다`, `${name} (${cls}) has an invalid window`);
      const out = spatial.map((d, i) => windowOut(d, k[i], st[i], c.padding ?? 'valid'));
      ctx.flops += prod(out) * (ch ?? 1) * k.reduce((a, b) => a * b, 1);
      return [channelsFirst ? [s[0], ch, ...out] : [s[0], ...out, ch]];
    }
    case 'GlobalAveragePooling1D':
    case 'GlobalMaxPooling1D':
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      const n = cls.endsWith('1D') ? 1 : 2;
      const s = rank(one(), n + 2);
      ctx.flops += prod(s.slice(1));
      return [[s[0], channelsFirst ? s[1] : s[s.length - 1]]];
    }
    case 'ZeroPadding2D':
    case 'Cropping2D':
    case 'UpSampling2D': {
      const s = rank(one(), 4);
      const [h, w] = channelsFirst ? [s[2], s[3]] : [s[1], s[2]];
      let out;
      if (cls === 'UpSampling2D') {
        const size = ints(c.size ?? 2, 2, `${name}.size`);
        if (c.interpolation && c.interpolation !== 'nearest' && c.interpolation !== 'bilinear') throw refuse(422, `${name}의 interpolation이 잘못되었습니다`, `${name} has an invalid interpolation`);
        out = [h === null ? null : h * size[0], w === null ? null : w * size[1]];
      } else {
        const key = cls === 'ZeroPadding2D' ? 'padding' : 'cropping';
        const v = c[key] ?? 1;
        const pairs = typeof v === 'number' ? [[v, v], [v, v]] : Array.isArray(v) && v.length === 2 ? v.map((p) => (typeof p === 'number' ? [p, p] : p)) : null;
        if (!pairs || !pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => Number.isSafeInteger(x) && x >= 0 && x <= 1e4)))
          throw refuse(422, `${name}의 ${key} 설정이 잘못되었습니다`, `${name} has an invalid ${key}`);
        const sign = cls === 'ZeroPadding2D' ? 1 : -1;
        out = [h, w].map((d, i) => (d === null ? null : d + sign * (pairs[i][0] + pairs[i][1])));
        if (out.some((d) => d !== null && d < 1)) throw refuse(422, `${name}(Cropping2D)가 입력보다 많이 자릅니다`, `${name} (Cropping2D) crops more than its input`);
      }
      const ch = channelsFirst ? s[1] : s[3];
      ctx.flops += prod(out) * (ch ?? 1);
      return [channelsFirst ? [s[0], ch, ...out] : [s[0], ...out, ch]];
    }
    case 'BatchNormalization':
    case 'LayerNormalization': {
      const s = one();
      const axes = Array.isArray(c.axis) ? c.axis : [c.axis ?? -1];
      let n = 1;
      for (const a of axes) {
        if (!Number.isSafeInteger(a) || a === 0 || Math.abs(a) >= s.length + (a < 0 ? 1 : 0)) throw refuse(422, `${name}(${cls})의 axis가 잘못되었습니다`, `${name} (${cls}) has an invalid axis`);
        const d = s[a < 0 ? s.length + a : a];
        if (d === null) throw refuse(422, `${name}(${cls})의 정규화 축 크기를 알 수 없습니다`, `${name} (${cls}) needs a known size on its axis`);
        n *= d;
      }
      const affine = (c.center !== false ? n : 0) + (c.scale !== false ? n : 0);
      ctx.addParams(layer, affine + (cls === 'BatchNormalization' ? 2 * n : 0));
      ctx.flops += 4 * prod(s.slice(1));
      return [s];
    }
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      activation();
      if (c.return_state) throw refuse(422, `${name}(${cls})의 return_state는 지원하지 않습니다(출력이 여러 개가 됨)`, `${name} (${cls}) with return_state is not supported (it makes several outputs)`);
      if (c.stateful) throw refuse(422, `${name}(${cls})은 stateful입니다: 한 요청의 상태가 다음 요청에 남으므로 받지 않습니다. stateful=False로 저장해 주세요`, `${name} (${cls}) is stateful: one request's state would carry into the next; save it with stateful=False`);
      if (cls === 'GRU' && c.reset_after) throw refuse(422, `${name}(GRU)의 reset_after=true는 TensorFlow.js가 지원하지 않습니다. reset_after=False로 학습해 주세요`, `${name} (GRU) uses reset_after=true, which TensorFlow.js does not support: train with reset_after=False`);
      const s = rank(one(), 3);
      const d = lastDim(s);
      const u = posInt(c.units, `${name}.units`, 1e5);
      const gates = cls === 'LSTM' ? 4 : cls === 'GRU' ? 3 : 1;
      ctx.addParams(layer, gates * (d * u + u * u + (useBias ? u : 0)));
      const steps = s[1] ?? 1;
      ctx.flops += steps * (2 * gates * (d * u + u * u) + 8 * gates * u);
      return [c.return_sequences ? [s[0], s[1], u] : [s[0], u]];
    }
    case 'Bidirectional': {
      const inner = c.layer;
      if (!inner || !['SimpleRNN', 'LSTM', 'GRU'].includes(inner.class_name)) throw refuse(422, `${name}(Bidirectional)은 순환 레이어만 감쌀 수 있습니다`, `${name} (Bidirectional) wraps recurrent layers only`);
      const forward = applyLayer(inner, inputs, ctx, depth + 1)[0];
      // The backward copy has its own weights: count them as a second layer.
      applyLayer({ ...inner }, inputs, ctx, depth + 1);
      const mode = c.merge_mode === undefined ? 'concat' : c.merge_mode;
      if (mode === null) throw refuse(422, `${name}(Bidirectional)의 merge_mode=null은 출력이 둘이 되어 지원하지 않습니다`, `${name} (Bidirectional) with merge_mode null makes two outputs: not supported`);
      if (!['concat', 'sum', 'mul', 'ave'].includes(mode)) throw refuse(422, `${name}의 merge_mode가 잘못되었습니다`, `${name} has an invalid merge_mode`);
      const last = forward[forward.length - 1];
      return [mode === 'concat' ? [...forward.slice(0, -1), last === null ? null : 2 * last] : forward];
    }
    case 'TimeDistributed': {
      const s = rankAtLeast(one(), 3);
      const sub = new LayerContext();
      sub.counted = ctx.counted;
      sub.visited = ctx.visited;
      const [out] = applyLayer(c.layer, [[s[0], ...s.slice(2)]], sub, depth + 1);
      ctx.params += sub.params;
      ctx.flops += sub.flops * (s[1] ?? 1);
      ctx.peak = Math.max(ctx.peak, sub.peak * (s[1] ?? 1));
      return [[out[0], s[1], ...out.slice(1)]];
    }
    case 'Add':
    case 'Multiply':
    case 'Average':
    case 'Maximum':
    case 'Minimum': {
      if (inputs.length < 2) throw refuse(422, `${name}(${cls})은 입력이 둘 이상이어야 합니다`, `${name} (${cls}) needs at least two inputs`);
      const out = broadcast(inputs, name);
      ctx.flops += prod(out.slice(1)) * (inputs.length - 1);
      return [out];
    }
    case 'Concatenate': {
      if (inputs.length < 2) throw refuse(422, `${name}(Concatenate)은 입력이 둘 이상이어야 합니다`, `${name} (Concatenate) needs at least two inputs`);
      const r = inputs[0].length;
      const axis = c.axis ?? -1;
      const ax = axis < 0 ? r + axis : axis;
      if (!Number.isSafeInteger(ax) || ax < 1 || ax >= r || inputs.some((s) => s.length !== r))
        throw refuse(422, `${name}(Concatenate)의 입력 차원이 맞지 않습니다`, `${name} (Concatenate) has inputs of different ranks or a bad axis`);
      const out = inputs[0].map((d, i) => {
        if (i === ax) return inputs.some((s) => s[i] === null) ? null : inputs.reduce((n, s) => n + /** @type {number} */ (s[i]), 0);
        for (const s of inputs) if (s[i] !== null && d !== null && s[i] !== d) throw refuse(422, `${name}(Concatenate)의 입력 shape이 맞지 않습니다`, `${name} (Concatenate) has mismatched input shapes`);
        return d ?? inputs.find((s) => s[i] !== null)?.[i] ?? null;
      });
      return [out];
    }
    default:
      throw refuse(422, `허용되지 않은 레이어입니다: ${show(cls)}`, `Unknown or custom layer class: ${show(cls)}`);
  }
}

/** Keras' broadcasting of merge inputs (same rank; 1 or null stretches). @param {Shape[]} inputs @param {string} name */
function broadcast(inputs, name) {
  const r = Math.max(...inputs.map((s) => s.length));
  /** @type {Shape} */
  const out = [];
  for (let i = 0; i < r; i++) {
    /** @type {number | null} */
    let d = 1;
    let unknown = false;
    for (const s of inputs) {
      const x = s[s.length - r + i] ?? (i < r - s.length ? 1 : null);
      if (x === null) unknown = true;
      else if (x !== 1) {
        if (d !== 1 && d !== x) throw refuse(422, `${name}의 입력 shape들이 맞지 않습니다: ${inputs.map((s) => JSON.stringify(s)).join(', ')}`, `${name} has inputs of mismatched shapes: ${inputs.map((s) => JSON.stringify(s)).join(', ')}`);
        d = x;
      }
    }
    out.push(unknown && d === 1 ? null : d);
  }
  return out;
}

/** A Functional model's graph of layers applied to its inputs. @param {any} model @param {Shape[]} inputs @param {LayerContext} ctx @param {number} depth */
function applyFunctional(model, inputs, ctx, depth) {
  const c = model.config;
  const layers = /** @type {any[]} */ (c.layers);
  if (layers.length > MAX_NODES) throw refuse(413, '레이어가 너무 많습니다', 'Too many layers');
  /** @type {Map<string, any>} */
  const byName = new Map();
  for (const l of layers) {
    const n = l.name ?? l.config?.name;
    if (typeof n !== 'string' || byName.has(n)) throw refuse(422, `레이어 이름이 없거나 두 번 쓰였습니다: ${show(n)}`, `A layer has no name or a duplicate name: ${show(n)}`);
    byName.set(n, l);
  }
  const ref = (/** @type {any} */ r) => {
    if (!Array.isArray(r) || typeof r[0] !== 'string' || !Number.isSafeInteger(r[1] ?? 0) || !Number.isSafeInteger(r[2] ?? 0))
      throw refuse(422, `지원하지 않는 inbound_nodes 형식입니다(Keras 2 형식만): ${show(JSON.stringify(r))}`, `Unsupported inbound_nodes format (Keras 2's only): ${show(JSON.stringify(r))}`);
    return { layer: r[0], node: r[1] ?? 0, tensor: r[2] ?? 0 };
  };
  const inputRefs = (c.input_layers ?? []).map(ref);
  const outputRefs = (c.output_layers ?? []).map(ref);
  if (inputRefs.length !== inputs.length) throw refuse(422, `${show(c.name)}: 입력 수가 맞지 않습니다`, `${show(c.name)}: wrong number of inputs`);
  if (outputRefs.length !== 1) throw refuse(422, `출력이 ${outputRefs.length}개인 모델입니다. 입력 하나, 출력 하나인 모델만 받습니다`, `The model has ${outputRefs.length} outputs: only models with one input and one output are accepted`);
  /** @type {Map<string, Shape[]>} output shapes of "layer#node" */
  const done = new Map();
  inputRefs.forEach((/** @type {any} */ r, /** @type {number} */ i) => done.set(`${r.layer}#0`, [inputs[i]]));
  const visiting = new Set();
  /** @param {string} layerName @param {number} node @param {number} steps @returns {Shape[]} */
  const compute = (layerName, node, steps) => {
    const key = `${layerName}#${node}`;
    const have = done.get(key);
    if (have) return have;
    if (visiting.has(key)) throw refuse(422, `레이어 그래프에 순환이 있습니다(${show(layerName)})`, `The layer graph has a cycle (at ${show(layerName)})`);
    if (steps > MAX_NODES) throw refuse(413, '레이어 그래프가 너무 깊습니다', 'The layer graph is too deep');
    const l = byName.get(layerName);
    if (!l) throw refuse(422, `없는 레이어를 가리킵니다: ${show(layerName)}`, `A connection names a missing layer: ${show(layerName)}`);
    if (l.class_name === 'InputLayer') throw refuse(422, `연결되지 않은 입력 레이어입니다: ${show(layerName)}`, `The input layer ${show(layerName)} is not one of the model's inputs`);
    const nodes = l.inbound_nodes;
    if (!Array.isArray(nodes) || !Array.isArray(nodes[node])) throw refuse(422, `${show(layerName)}의 inbound_nodes가 잘못되었습니다`, `${show(layerName)} has invalid inbound_nodes`);
    visiting.add(key);
    const ins = nodes[node].map((/** @type {any} */ r) => {
      const x = ref(r);
      const outs = compute(x.layer, x.node, steps + 1);
      const s = outs[x.tensor];
      if (!s) throw refuse(422, `${show(x.layer)}에 ${x.tensor}번 출력이 없습니다`, `${show(x.layer)} has no output ${x.tensor}`);
      return s;
    });
    visiting.delete(key);
    const out = applyLayer(l, ins, ctx, depth + 1);
    done.set(key, out);
    return out;
  };
  // Walk from the output iteratively deep graphs would recurse; MAX_NODES bounds the recursion, and graphs that deep
  // are refused by the layer count first.
  if (layers.length > 2000) throw refuse(413, `레이어가 너무 많습니다(${layers.length}개, 최대 2000개)`, `Too many layers (${layers.length}; at most 2000)`);
  const o = outputRefs[0];
  const s = compute(o.layer, o.node, 0)[o.tensor];
  if (!s) throw refuse(422, '모델의 출력을 찾을 수 없습니다', "The model's output is missing");
  // Layers that are not on the path to the output still hold weights the manifest carries.
  // A layer off the output's path would still hold weights the manifest carries and tfjs loads: refused, as unused.
  for (const l of layers)
    if (!ctx.visited.has(l) && l.class_name !== 'InputLayer')
      throw refuse(422, `출력에 쓰이지 않는 레이어가 있습니다: ${show(l.name ?? l.config?.name)}`, `A layer does not lead to the output: ${show(l.name ?? l.config?.name)}`);
  return [s];
}

// ---- Graph models --------------------------------------------------------------------------------------------

/** @typedef {{ shape: Shape | null, value?: (number | null)[] | null, dtype?: string }} GTensor */

const UNARY = ['Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Softplus', 'Exp', 'Log', 'Log1p', 'Sqrt', 'Rsqrt', 'Square', 'Abs', 'Neg', 'Identity', 'Floor', 'Ceil', 'Round', 'Sign', 'Reciprocal', 'Erf', 'Sin', 'Cos', 'Cast', 'Softmax', 'LogSoftmax', 'StopGradient', 'Snapshot', 'ClipByValue', 'ZerosLike', 'OnesLike', 'IsNan', 'LogicalNot', 'FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3', 'Prelu', 'LRN'];
const BINARY = ['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Div', 'Maximum', 'Minimum', 'Pow', 'SquaredDifference', 'BiasAdd', 'FloorDiv', 'FloorMod', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr', 'Select', 'SelectV2', 'AddN'];
const SHAPE_OPS = ['Reshape', 'Squeeze', 'ExpandDims', 'Transpose', 'ConcatV2', 'Concat', 'Pack', 'Unpack', 'Split', 'SplitV', 'Slice', 'StridedSlice', 'Pad', 'PadV2', 'MirrorPad', 'Tile', 'Shape', 'Fill', 'GatherV2', 'Gather', 'OneHot', 'Range'];
const REDUCE = ['Mean', 'Sum', 'Max', 'Min', 'Prod', 'ArgMax', 'ArgMin', 'All', 'Any'];
const LINEAR = ['MatMul', 'BatchMatMul', 'BatchMatMulV2', '_FusedMatMul', 'Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative', 'Conv2DBackpropInput', 'MaxPool', 'AvgPool', 'ResizeBilinear', 'ResizeNearestNeighbor'];
/**
 * The graph ops accepted: tfjs-converter maps each, the wasm and cpu backends run each (a test checks the
 * converter's op list), and each has a shape rule below. Control flow (While, If, TensorList*), hash tables,
 * strings and everything else are refused.
 */
export const GRAPH_OPS = Object.freeze(['Placeholder', 'PlaceholderWithDefault', 'Const', 'NoOp', ...UNARY, ...BINARY, ...SHAPE_OPS, ...REDUCE, ...LINEAR]);
const OP_SET = new Set(GRAPH_OPS);

/** @param {any} attr @returns {string | undefined} */
const attrType = (attr) => {
  const t = attr?.type;
  return typeof t === 'string' ? t : undefined;
};
const TF_DTYPES = /** @type {Record<string, string>} */ ({ DT_FLOAT: 'float32', DT_INT32: 'int32', DT_INT64: 'int32', DT_BOOL: 'bool', DT_HALF: 'float32', DT_DOUBLE: 'float32' });
/** @param {any} a */
const attrInt = (a) => {
  const v = a?.i ?? a;
  const n = typeof v === 'string' ? Number(v) : v;
  return Number.isSafeInteger(n) ? n : undefined;
};
/** @param {any} a @returns {number[] | undefined} */
const attrInts = (a) => {
  const list = a?.list?.i;
  if (!Array.isArray(list)) return undefined;
  const out = list.map((x) => Number(x));
  return out.every(Number.isSafeInteger) ? out : undefined;
};
/** @param {any} a @returns {string | undefined} */
const attrStr = (a) => {
  const s = a?.s;
  if (typeof s !== 'string') return undefined;
  // Graph attrs hold strings base64-encoded.
  try {
    return Buffer.from(s, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
};
/** @param {any} a @returns {Shape | null} */
const attrShape = (a) => {
  const sh = a?.shape;
  if (!sh || sh.unknownRank) return null;
  const dims = Array.isArray(sh.dim) ? sh.dim : [];
  if (dims.length > 8) return null;
  return dims.map((/** @type {any} */ d) => {
    const n = Number(d?.size ?? -1);
    return Number.isSafeInteger(n) && n >= 1 && n <= 1e7 ? n : null;
  });
};

/** @param {Artifact} artifact @param {Shape | undefined} declared */
function inspectGraph(artifact, declared) {
  const topo = artifact.modelJson.modelTopology;
  /** @type {any[]} */
  const nodes = topo.node;
  const fns = Array.isArray(topo.library?.function) ? topo.library.function : [];
  const initNodes = Array.isArray(artifact.modelJson.modelInitializer?.node) ? artifact.modelJson.modelInitializer.node : [];
  if (nodes.length > MAX_NODES) throw refuse(413, `그래프 노드가 너무 많습니다(${nodes.length}개, 최대 ${MAX_NODES}개)`, `Too many graph nodes (${nodes.length}; at most ${MAX_NODES})`);
  /** @type {string[]} */
  const classes = [];
  const seen = new Set();
  const note = (/** @type {any} */ n) => {
    if (!n || typeof n.op !== 'string' || typeof n.name !== 'string') throw refuse(422, '그래프 노드에 op나 name이 없습니다', 'A graph node has no op or name');
    if (!seen.has(n.op)) {
      seen.add(n.op);
      classes.push(n.op);
    }
  };
  nodes.forEach(note);
  initNodes.forEach(note);
  for (const f of fns) {
    if (Array.isArray(f?.nodeDef)) f.nodeDef.forEach(note);
    // A function in the library is itself control flow (the body of a While/If).
    const fname = f?.signature?.name;
    if (fname && !seen.has(`function ${fname}`)) {
      seen.add(`function ${fname}`);
      classes.push(`function ${fname}`);
    }
  }
  const unknown = classes.filter((c) => !OP_SET.has(c));
  if (unknown.length)
    throw refuse(
      422,
      `허용되지 않은(사용자 정의이거나 지원하지 않는) 연산이 있습니다: ${unknown.map(show).join(', ')}. 모델은 코드가 아닌 데이터로만 받으며, 표준 연산만 쓸 수 있습니다`,
      `Unknown or unsupported op${unknown.length > 1 ? 's' : ''}: ${unknown.map(show).join(', ')}. A model is taken as data, never code: only the standard ops are accepted`,
    );

  // Weights: Const nodes whose value is in the manifest (by node name).
  /** @type {Map<string, { spec: WeightSpec, offset: number }>} */
  const weights = new Map();
  let offset = 0;
  for (const s of artifact.weightSpecs) {
    weights.set(s.name, { spec: s, offset });
    offset += /** @type {number} */ (specBytes(s, artifact.weightData, offset));
  }
  /** @type {Map<string, any>} */
  const byName = new Map();
  for (const n of nodes) {
    if (byName.has(n.name)) throw refuse(422, `그래프 노드 이름이 두 번 쓰였습니다: ${show(n.name)}`, `Two graph nodes are named ${show(n.name)}`);
    byName.set(n.name, n);
  }
  for (const n of nodes) {
    if (n.input !== undefined && !Array.isArray(n.input)) throw refuse(422, `그래프 노드 ${show(n.name)}의 input이 배열이 아닙니다`, `The graph node ${show(n.name)} has a non-array input`);
    for (const i of n.input ?? []) {
      const ref = typeof i === 'string' ? i.replace(/^\^/, '').split(':')[0] : null;
      if (ref === null || !byName.has(ref)) throw refuse(422, `그래프가 없는 노드를 가리킵니다: ${show(ref ?? i)}`, `The graph refers to a missing node: ${show(ref ?? i)}`);
    }
  }
  for (const n of nodes) if (n.op === 'Const' && !weights.has(n.name)) throw refuse(422, `상수 ${show(n.name)}의 값이 weightsManifest에 없습니다`, `The constant ${show(n.name)} has no value in weightsManifest`);
  for (const name of weights.keys()) if (!byName.has(name)) throw refuse(422, `가중치 ${show(name)}를 쓰는 노드가 그래프에 없습니다`, `No graph node uses the weight ${show(name)}`);

  const placeholders = nodes.filter((n) => n.op === 'Placeholder' || n.op === 'PlaceholderWithDefault');
  const sigInputs = topo.signature?.inputs ?? artifact.modelJson.signature?.inputs;
  if (placeholders.filter((n) => n.op === 'Placeholder').length !== 1)
    throw refuse(422, `입력(Placeholder)이 ${placeholders.length}개인 그래프입니다. 입력 하나, 출력 하나인 모델만 받습니다`, `The graph has ${placeholders.length} inputs (Placeholders): only models with one input and one output are accepted`);
  void sigInputs;
  const input = placeholders.find((n) => n.op === 'Placeholder');
  const modelShape = attrShape(input.attr?.shape);
  if (!modelShape || modelShape.length === 0) throw refuse(422, `입력 ${show(input.name)}의 shape이 정해지지 않았습니다`, `The input ${show(input.name)} has no fixed rank (shape)`);
  modelShape[0] = null;
  const inputDtype = TF_DTYPES[attrType(input.attr?.dtype) ?? 'DT_FLOAT'] ?? 'float32';
  const { shape: inputShape, concrete, guessed } = resolveInput(modelShape, declared);

  // Outputs: the signature's, else nodes nobody consumes.
  const consumed = new Set();
  for (const n of nodes) for (const i of n.input ?? []) if (typeof i === 'string' && !i.startsWith('^')) consumed.add(i.split(':')[0]);
  const sigOutputs = artifact.modelJson.signature?.outputs ?? topo.signature?.outputs;
  /** @type {string[]} */
  let outputs = sigOutputs && typeof sigOutputs === 'object' ? Object.values(sigOutputs).map((/** @type {any} */ o) => String(o?.name ?? '').split(':')[0]) : [];
  if (!outputs.length) outputs = nodes.filter((n) => !consumed.has(n.name) && !['Const', 'NoOp', 'Placeholder', 'PlaceholderWithDefault'].includes(n.op)).map((n) => n.name);
  if (outputs.length !== 1)
    throw refuse(422, `출력이 ${outputs.length}개인 그래프입니다. 입력 하나, 출력 하나인 모델만 받습니다`, `The graph has ${outputs.length} outputs: only models with one input and one output are accepted`);

  const run = (/** @type {number[] | Shape} */ shape) => {
    const g = new GraphShapes(byName, weights, artifact.weightData, input.name, shape);
    const out = g.tensor(outputs[0]);
    return { out, flops: g.flops, dtype: out.dtype, peak: g.peak };
  };
  const symbolic = run(inputShape);
  const cost = run(concrete);
  const params = artifact.weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  const outNode = byName.get(outputs[0]);
  return {
    format: /** @type {const} */ ('graph'),
    classes,
    params,
    memory: params * 4 + cost.peak,
    flops: Math.round(cost.flops),
    inputShape,
    outputShape: symbolic.out.shape ?? [],
    flopsInputShape: concrete,
    guessed: guessed || cost.out.shape === null,
    inputDtype,
    outputDtype: cost.dtype ?? 'float32',
    outputActivation: outNode?.op === 'Softmax' ? 'softmax' : outNode?.op === 'Sigmoid' ? 'sigmoid' : null,
  };
}

/**
 * Shape inference over a graph, with the values of small integer tensors (shapes, axes, slices) tracked so the
 * shape-computing subgraphs converters emit (Shape → StridedSlice → Pack → Reshape) resolve.
 */
class GraphShapes {
  flops = 0;
  /** The largest inputs + outputs of one op, in bytes (unknown shapes count as nothing). */
  peak = 0;
  /** @type {Map<string, GTensor[]>} */
  done = new Map();
  visiting = new Set();
  /**
   * @param {Map<string, any>} nodes @param {Map<string, { spec: WeightSpec, offset: number }>} weights
   * @param {Uint8Array} data @param {string} input @param {Shape} inputShape
   */
  constructor(nodes, weights, data, input, inputShape) {
    this.nodes = nodes;
    this.weights = weights;
    this.data = data;
    this.input = input;
    this.inputShape = inputShape;
  }

  /** @param {string} ref "name", "name:1" @returns {GTensor} */
  tensor(ref) {
    const [name, idx] = ref.split(':');
    const outs = this.outputs(name);
    const t = outs[Number(idx ?? 0)];
    if (!t) throw refuse(422, `그래프 노드 ${show(name)}에 ${idx}번 출력이 없습니다`, `The graph node ${show(name)} has no output ${idx}`);
    return t;
  }

  /** @param {string} name @returns {GTensor[]} */
  outputs(name) {
    const have = this.done.get(name);
    if (have) return have;
    // Iterative depth-first order, so a 20,000-node chain does not overflow the stack.
    /** @type {string[]} */
    const stack = [name];
    while (stack.length) {
      const top = /** @type {string} */ (stack[stack.length - 1]);
      if (this.done.has(top)) {
        stack.pop();
        continue;
      }
      const node = this.nodes.get(top);
      if (!node) throw refuse(422, `그래프가 없는 노드를 가리킵니다: ${show(top)}`, `The graph refers to a missing node: ${show(top)}`);
      const deps = (node.input ?? []).filter((/** @type {unknown} */ i) => typeof i === 'string' && !i.startsWith('^')).map((/** @type {string} */ i) => i.split(':')[0]);
      const pending = deps.filter((/** @type {string} */ d) => !this.done.has(d));
      if (pending.length) {
        if (this.visiting.has(top)) throw refuse(422, `그래프에 순환이 있습니다(${show(top)})`, `The graph has a cycle (at ${show(top)})`);
        this.visiting.add(top);
        stack.push(...pending);
        if (stack.length > 4 * MAX_NODES) throw refuse(413, '그래프가 너무 큽니다', 'The graph is too large');
        continue;
      }
      this.visiting.delete(top);
      const outs = this.infer(node);
      this.done.set(top, outs);
      if (node.op !== 'Const') {
        const ins = (node.input ?? []).filter((/** @type {unknown} */ i) => typeof i === 'string' && !i.startsWith('^')).map((/** @type {string} */ i) => this.tensor(i));
        const bytes = [...ins, ...outs].reduce((n, t) => n + (t.shape && known(t.shape) ? prod(t.shape) * 4 : 0), 0);
        if (bytes > this.peak) this.peak = bytes;
      }
      stack.pop();
    }
    return /** @type {GTensor[]} */ (this.done.get(name));
  }

  /** @param {any} node @returns {GTensor[]} */
  infer(node) {
    /** @type {GTensor[]} */
    const ins = (node.input ?? []).filter((/** @type {unknown} */ i) => typeof i === 'string' && !i.startsWith('^')).map((/** @type {string} */ i) => this.tensor(i));
    const a = node.attr ?? {};
    const op = node.op;
    const x = ins[0];
    const dtypeAttr = TF_DTYPES[attrType(a.T) ?? attrType(a.dtype) ?? 'DT_FLOAT'] ?? 'float32';
    /** @param {Shape | null} shape @param {string} [dtype] @param {(number | null)[] | null} [value] @returns {GTensor[]} */
    const one = (shape, dtype = x?.dtype ?? dtypeAttr, value = null) => [{ shape, dtype, value }];
    const need = (/** @type {number} */ n) => {
      if (ins.length < n) throw refuse(422, `그래프 노드 ${show(node.name)}(${op})의 입력이 부족합니다`, `The graph node ${show(node.name)} (${op}) lacks inputs`);
    };
    const size = (/** @type {Shape | null} */ s) => (s ? prod(s) : 1);
    switch (op) {
      case 'Placeholder':
        if (node.name !== this.input) throw refuse(422, '입력이 둘 이상입니다', 'More than one input');
        return one(this.inputShape, TF_DTYPES[attrType(a.dtype) ?? 'DT_FLOAT'] ?? 'float32');
      case 'PlaceholderWithDefault':
        need(1);
        return one(x.shape, x.dtype, x.value);
      case 'Const': {
        const w = /** @type {{ spec: WeightSpec, offset: number }} */ (this.weights.get(node.name));
        const n = w.spec.shape.reduce((p, q) => p * q, 1);
        /** @type {(number | null)[] | null} */
        let value = null;
        if (w.spec.dtype === 'int32' && !w.spec.quantization && n <= 64) {
          const view = new DataView(this.data.buffer, this.data.byteOffset + w.offset, n * 4);
          value = Array.from({ length: n }, (_, i) => view.getInt32(i * 4, true));
        }
        return one(w.spec.shape, w.spec.dtype, value);
      }
      case 'NoOp':
        return [];
      case 'Shape': {
        need(1);
        const s = x.shape;
        return one(s ? [s.length] : null, 'int32', s ? s.map((d) => d) : null);
      }
      case 'Fill': {
        need(2);
        const dims = ins[0].value;
        return one(dims ? dims : null, ins[1].dtype);
      }
      case 'Range':
        return one([null], 'int32');
    }
    if (UNARY.includes(op)) {
      need(1);
      const n = size(x.shape);
      this.flops += n * (op === 'Softmax' || op === 'LogSoftmax' ? 5 : op.startsWith('FusedBatchNorm') ? 4 : op === 'LRN' ? 10 : 1);
      const dtype = op === 'Cast' ? (TF_DTYPES[attrType(a.DstT) ?? ''] ?? 'float32') : op === 'IsNan' || op === 'LogicalNot' ? 'bool' : x.dtype;
      const keepValue = op === 'Identity' || op === 'StopGradient' || op === 'Snapshot' || (op === 'Cast' && dtype === 'int32');
      return op.startsWith('FusedBatchNorm') ? [{ shape: x.shape, dtype: x.dtype }, ...Array(5).fill({ shape: null, dtype: 'float32' })] : one(x.shape, dtype, keepValue ? (x.value ?? null) : null);
    }
    if (BINARY.includes(op)) {
      need(op === 'AddN' ? 1 : 2);
      const shapes = ins.map((t) => t.shape);
      const out = shapes.some((s) => s === null) ? null : broadcast(/** @type {Shape[]} */ (shapes), show(node.name));
      this.flops += size(out) * Math.max(1, ins.length - 1);
      const dtype = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'].includes(op) ? 'bool' : op.startsWith('Select') ? ins[1].dtype : x.dtype;
      let value = null;
      const [va, vb] = [ins[0].value, ins[1]?.value];
      if (va && vb && (op === 'Mul' || op === 'Add' || op === 'AddV2' || op === 'Sub' || op === 'FloorDiv') && (va.length === vb.length || va.length === 1 || vb.length === 1)) {
        const n = Math.max(va.length, vb.length);
        value = Array.from({ length: n }, (_, i) => {
          const p = va[va.length === 1 ? 0 : i];
          const q = vb[vb.length === 1 ? 0 : i];
          if (p === null || q === null) return null;
          return op === 'Mul' ? p * q : op === 'Sub' ? p - q : op === 'FloorDiv' ? (q === 0 ? null : Math.floor(p / q)) : p + q;
        });
      }
      return one(out, dtype, value);
    }
    if (REDUCE.includes(op)) {
      need(2);
      this.flops += size(x.shape);
      const keep = a.keep_dims?.b === true || a.keepDims?.b === true;
      const dtype = op === 'ArgMax' || op === 'ArgMin' ? 'int32' : op === 'All' || op === 'Any' ? 'bool' : x.dtype;
      if (!x.shape || !ins[1].value || ins[1].value.some((v) => v === null)) return one(null, dtype);
      const r = x.shape.length;
      const axes = new Set(/** @type {number[]} */ (ins[1].value).map((v) => (v < 0 ? r + v : v)));
      return one(keep && op !== 'ArgMax' && op !== 'ArgMin' ? x.shape.map((d, i) => (axes.has(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.has(i)), dtype);
    }
    return this.inferShapeOp(node, op, ins, a);
  }

  /** @param {any} node @param {string} op @param {GTensor[]} ins @param {any} a @returns {GTensor[]} */
  inferShapeOp(node, op, ins, a) {
    const x = ins[0];
    const bad = () => refuse(422, `그래프 노드 ${show(node.name)}(${op})의 입력이 맞지 않습니다`, `The graph node ${show(node.name)} (${op}) has inputs that do not fit`);
    if (!x) throw bad();
    /** @param {Shape | null} shape @param {string} [dtype] @param {(number | null)[] | null} [value] @returns {GTensor[]} */
    const one = (shape, dtype = x.dtype, value = null) => [{ shape, dtype, value }];
    const s = x.shape;
    switch (op) {
      case 'MatMul':
      case 'BatchMatMul':
      case 'BatchMatMulV2':
      case '_FusedMatMul': {
        const b = ins[1];
        if (!b) throw bad();
        if (!s || !b.shape) return one(null);
        if (s.length < 2 || b.shape.length < 2) throw bad();
        const ta = a.transpose_a?.b === true || a.adj_x?.b === true;
        const tb = a.transpose_b?.b === true || a.adj_y?.b === true;
        const [m, k] = ta ? [s[s.length - 1], s[s.length - 2]] : [s[s.length - 2], s[s.length - 1]];
        const [k2, n] = tb ? [b.shape[b.shape.length - 1], b.shape[b.shape.length - 2]] : [b.shape[b.shape.length - 2], b.shape[b.shape.length - 1]];
        if (k !== null && k2 !== null && k !== k2) throw bad();
        const batch = s.length > b.shape.length ? s.slice(0, -2) : b.shape.slice(0, -2);
        this.flops += 2 * prod(batch) * (m ?? 1) * (k ?? k2 ?? 1) * (n ?? 1) + (op === '_FusedMatMul' ? 2 * (m ?? 1) * (n ?? 1) : 0);
        return one([...batch, m, n]);
      }
      case 'Conv2D':
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative':
      case 'FusedDepthwiseConv2dNative': {
        const w = ins[1];
        if (!w || !w.shape || w.shape.length !== 4) throw bad();
        const fmt = attrStr(a.data_format) ?? 'NHWC';
        if (fmt !== 'NHWC') throw refuse(422, `그래프 노드 ${show(node.name)}: data_format ${show(fmt)}는 지원하지 않습니다(NHWC만)`, `The graph node ${show(node.name)} uses data_format ${show(fmt)}: only NHWC runs here`);
        if (!s) return one(null);
        if (s.length !== 4) throw bad();
        const [kh, kw, ci, co] = /** @type {number[]} */ (w.shape);
        const st = attrInts(a.strides) ?? [1, 1, 1, 1];
        const dil = attrInts(a.dilations) ?? [1, 1, 1, 1];
        const pad = (attrStr(a.padding) ?? 'VALID').toLowerCase();
        let h;
        let wd;
        if (pad === 'explicit') {
          const p = attrInts(a.explicit_paddings) ?? [];
          h = s[1] === null ? null : windowOut(s[1] + (p[2] ?? 0) + (p[3] ?? 0), kh, st[1], 'valid', dil[1]);
          wd = s[2] === null ? null : windowOut(s[2] + (p[4] ?? 0) + (p[5] ?? 0), kw, st[2], 'valid', dil[2]);
        } else {
          h = windowOut(s[1], kh, st[1] || 1, pad, dil[1] || 1);
          wd = windowOut(s[2], kw, st[2] || 1, pad, dil[2] || 1);
        }
        const depthwise = op.includes('Depthwise');
        const cout = depthwise ? ci * co : co;
        this.flops += 2 * kh * kw * ci * (depthwise ? co : co) * (h ?? 1) * (wd ?? 1);
        return one([s[0], h, wd, cout]);
      }
      case 'Conv2DBackpropInput': {
        const outShape = ins[0].value;
        const w = ins[1];
        const y = ins[2];
        if (!w || !w.shape || !y) throw bad();
        const [kh, kw, co, ci] = /** @type {number[]} */ (w.shape);
        if (y.shape) this.flops += 2 * kh * kw * ci * co * prod(y.shape.slice(1, 3));
        return one(outShape ? outShape.map((d) => (d === null || d < 0 ? null : d)) : null, y.dtype);
      }
      case 'MaxPool':
      case 'AvgPool': {
        if (!s) return one(null);
        if (s.length !== 4) throw bad();
        const k = attrInts(a.ksize) ?? [1, 1, 1, 1];
        const st = attrInts(a.strides) ?? [1, 1, 1, 1];
        const pad = (attrStr(a.padding) ?? 'VALID').toLowerCase();
        const out = [s[0], windowOut(s[1], k[1], st[1] || 1, pad), windowOut(s[2], k[2], st[2] || 1, pad), s[3]];
        this.flops += prod(out.slice(1)) * k[1] * k[2];
        return one(out);
      }
      case 'ResizeBilinear':
      case 'ResizeNearestNeighbor': {
        const size = ins[1]?.value;
        if (!s || !size || size.length !== 2) return one(null);
        const out = [s[0], size[0], size[1], s[3]];
        this.flops += prod(out.slice(1)) * 4;
        return one(out);
      }
      case 'Reshape': {
        const target = ins[1]?.value;
        if (!target) return one(null);
        const total = s && known(s) ? prod(s) : null;
        const fixed = target.reduce((/** @type {number} */ p, d) => (d === null || d < 0 ? p : p * d), 1);
        const free = target.filter((d) => d === null || d < 0).length;
        return one(target.map((d, i) => (d !== null && d >= 0 ? d : free === 1 && total !== null ? total / fixed : i === 0 ? null : null)), x.dtype, x.value && known(x.value) ? x.value : null);
      }
      case 'Squeeze': {
        if (!s) return one(null);
        const dims = attrInts(a.squeeze_dims) ?? attrInts(a.axis) ?? [];
        const r = s.length;
        const axes = new Set(dims.map((d) => (d < 0 ? r + d : d)));
        return one(axes.size ? s.filter((_, i) => !axes.has(i)) : s.filter((d) => d !== 1), x.dtype, x.value);
      }
      case 'ExpandDims': {
        const ax = ins[1]?.value?.[0];
        if (!s || ax === undefined || ax === null) return one(null);
        const at = ax < 0 ? s.length + 1 + ax : ax;
        return one([...s.slice(0, at), 1, ...s.slice(at)], x.dtype, x.value);
      }
      case 'Transpose': {
        const perm = ins[1]?.value;
        if (!s || !perm || perm.length !== s.length) return one(null);
        this.flops += prod(s);
        return one(perm.map((p) => (p === null ? null : s[p] ?? null)));
      }
      case 'ConcatV2':
      case 'Concat': {
        const parts = op === 'ConcatV2' ? ins.slice(0, -1) : ins.slice(1);
        const axisT = op === 'ConcatV2' ? ins[ins.length - 1] : ins[0];
        const ax0 = axisT?.value?.[0];
        if (!parts.length || parts.some((p) => !p.shape) || ax0 === undefined || ax0 === null) return one(null, parts[0]?.dtype);
        const r = /** @type {Shape} */ (parts[0].shape).length;
        const ax = ax0 < 0 ? r + ax0 : ax0;
        const out = /** @type {Shape} */ (parts[0].shape).map((d, i) => (i === ax ? (parts.some((p) => /** @type {Shape} */ (p.shape)[i] === null) ? null : parts.reduce((n, p) => n + /** @type {number} */ (/** @type {Shape} */ (p.shape)[i]), 0)) : d));
        const value = r === 1 && parts.every((p) => p.value) ? parts.flatMap((p) => /** @type {(number | null)[]} */ (p.value)) : null;
        return one(out, parts[0].dtype, value);
      }
      case 'Pack': {
        const axis = attrInt(a.axis) ?? 0;
        if (ins.some((p) => !p.shape)) return one(null);
        const base = /** @type {Shape} */ (ins[0].shape);
        const at = axis < 0 ? base.length + 1 + axis : axis;
        const value = base.length === 0 && ins.every((p) => p.value) ? ins.map((p) => /** @type {(number | null)[]} */ (p.value)[0]) : null;
        return one([...base.slice(0, at), ins.length, ...base.slice(at)], x.dtype, value);
      }
      case 'Unpack': {
        const num = attrInt(a.num) ?? 0;
        const axis = attrInt(a.axis) ?? 0;
        if (!s || num < 1 || num > 1e4) return [{ shape: null, dtype: x.dtype }];
        const at = axis < 0 ? s.length + axis : axis;
        return Array.from({ length: num }, (_, i) => ({ shape: s.filter((_, j) => j !== at), dtype: x.dtype, value: s.length === 1 && x.value ? [x.value[i]] : null }));
      }
      case 'Split':
      case 'SplitV': {
        const num = attrInt(a.num_split) ?? 1;
        if (num < 1 || num > 1e4) throw bad();
        const data = op === 'Split' ? ins[1] : ins[0];
        const axisV = (op === 'Split' ? ins[0] : ins[2])?.value?.[0];
        if (!data?.shape || axisV === undefined || axisV === null) return Array.from({ length: num }, () => ({ shape: null, dtype: data?.dtype }));
        const ax = axisV < 0 ? data.shape.length + axisV : axisV;
        const sizes = op === 'SplitV' ? ins[1]?.value : null;
        return Array.from({ length: num }, (_, i) => ({
          shape: data.shape ? data.shape.map((d, j) => (j !== ax ? d : sizes ? (sizes[i] ?? null) : d === null ? null : d / num)) : null,
          dtype: data.dtype,
        }));
      }
      case 'Slice': {
        const begin = ins[1]?.value;
        const sz = ins[2]?.value;
        if (!s || !begin || !sz) return one(null);
        const out = s.map((d, i) => (sz[i] === null ? null : /** @type {number} */ (sz[i]) >= 0 ? sz[i] : d === null || begin[i] === null ? null : d - /** @type {number} */ (begin[i])));
        const value = s.length === 1 && x.value && known(out) ? x.value.slice(/** @type {number} */ (begin[0]), /** @type {number} */ (begin[0]) + /** @type {number} */ (out[0])) : null;
        return one(out, x.dtype, value);
      }
      case 'StridedSlice':
        return this.stridedSlice(x, ins, a);
      case 'Pad':
      case 'PadV2':
      case 'MirrorPad': {
        const p = ins[1]?.value;
        if (!s || !p || p.length !== 2 * s.length) return one(null);
        const out = s.map((d, i) => (d === null || p[2 * i] === null || p[2 * i + 1] === null ? null : d + /** @type {number} */ (p[2 * i]) + /** @type {number} */ (p[2 * i + 1])));
        return one(out);
      }
      case 'Tile': {
        const m = ins[1]?.value;
        if (!s || !m || m.length !== s.length) return one(null);
        const out = s.map((d, i) => (d === null || m[i] === null ? null : d * /** @type {number} */ (m[i])));
        this.flops += prod(out);
        return one(out);
      }
      case 'GatherV2':
      case 'Gather': {
        const idx = ins[1];
        const axisV = op === 'GatherV2' ? ins[2]?.value?.[0] : 0;
        if (!s || !idx?.shape || axisV === undefined || axisV === null) return one(null);
        const ax = axisV < 0 ? s.length + axisV : axisV;
        const out = [...s.slice(0, ax), ...idx.shape, ...s.slice(ax + 1)];
        this.flops += prod(out);
        const value = s.length === 1 && x.value && idx.value ? idx.value.map((i) => (i === null ? null : (x.value?.[i] ?? null))) : null;
        return one(out, x.dtype, value);
      }
      case 'OneHot': {
        const depth = ins[1]?.value?.[0];
        if (!s) return one(null, ins[2]?.dtype ?? 'float32');
        return one([...s, depth ?? null], ins[2]?.dtype ?? 'float32');
      }
      default:
        throw refuse(422, `지원하지 않는 연산입니다: ${show(op)}`, `Unsupported op: ${show(op)}`);
    }
  }

  /** tf.strided_slice on a known shape, masks included (the common 1-D shape slice keeps its value). @param {GTensor} x @param {GTensor[]} ins @param {any} a @returns {GTensor[]} */
  stridedSlice(x, ins, a) {
    const s = x.shape;
    const begin = ins[1]?.value;
    const end = ins[2]?.value;
    const strides = ins[3]?.value;
    const shrink = attrInt(a.shrink_axis_mask) ?? 0;
    const bm = attrInt(a.begin_mask) ?? 0;
    const em = attrInt(a.end_mask) ?? 0;
    const ellipsis = attrInt(a.ellipsis_mask) ?? 0;
    const newAxis = attrInt(a.new_axis_mask) ?? 0;
    if (!s || !begin || !end || !strides || ellipsis || newAxis || begin.length > s.length) return [{ shape: null, dtype: x.dtype }];
    /** @type {Shape} */
    const out = [];
    /** @type {number[][]} */
    const ranges = [];
    for (let i = 0; i < s.length; i++) {
      const d = s[i];
      if (i >= begin.length) {
        out.push(d);
        continue;
      }
      const st = strides[i] ?? 1;
      if (st === null || st === 0) return [{ shape: null, dtype: x.dtype }];
      if (shrink & (1 << i)) {
        if (begin[i] === null) return [{ shape: null, dtype: x.dtype }];
        ranges.push([/** @type {number} */ (begin[i]) < 0 && d !== null ? d + /** @type {number} */ (begin[i]) : /** @type {number} */ (begin[i]), 1]);
        continue;
      }
      if (d === null) {
        out.push(null);
        continue;
      }
      const norm = (/** @type {number | null} */ v, /** @type {boolean} */ masked, /** @type {number} */ dflt) => (masked || v === null ? dflt : v < 0 ? Math.max(d + v, st > 0 ? 0 : -1) : Math.min(v, st > 0 ? d : d - 1));
      const b = norm(begin[i], (bm & (1 << i)) !== 0, st > 0 ? 0 : d - 1);
      const e = norm(end[i], (em & (1 << i)) !== 0, st > 0 ? d : -1);
      const n = Math.max(0, Math.ceil((e - b) / st));
      out.push(n);
      ranges.push([b, n]);
    }
    let value = null;
    if (s.length === 1 && x.value && ranges.length === 1 && (strides[0] ?? 1) === 1) value = x.value.slice(ranges[0][0], ranges[0][0] + ranges[0][1]);
    return [{ shape: out, dtype: x.dtype, value }];
  }
}
