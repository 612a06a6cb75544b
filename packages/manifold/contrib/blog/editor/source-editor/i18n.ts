// The source editor's words, Korean first (the admin's `lang`).
export type Lang = 'ko' | 'en';

const words = {
  toolbar: { ko: '서식 도구', en: 'Formatting' },
  editor: { ko: '본문', en: 'Source' },
  heading: { ko: '제목', en: 'Heading' },
  heading2: { ko: '제목 2', en: 'Heading 2' },
  heading3: { ko: '제목 3', en: 'Heading 3' },
  bold: { ko: '굵게', en: 'Bold' },
  italic: { ko: '기울임', en: 'Italic' },
  link: { ko: '링크', en: 'Link' },
  inlineMath: { ko: '인라인 수식', en: 'Inline math' },
  displayMath: { ko: '수식 블록', en: 'Display math' },
  codeBlock: { ko: '코드 블록', en: 'Code block' },
  quote: { ko: '인용', en: 'Quote' },
  bulletList: { ko: '글머리표 목록', en: 'Bulleted list' },
  orderedList: { ko: '번호 목록', en: 'Numbered list' },
  table: { ko: '표', en: 'Table' },
  image: { ko: '이미지', en: 'Image' },
  embed: { ko: '임베드 넣기', en: 'Insert embed' },
  lineNumbers: { ko: '줄 번호', en: 'Line numbers' },
  // placeholders inserted into the text
  textPlaceholder: { ko: '텍스트', en: 'text' },
  linkText: { ko: '링크 텍스트', en: 'link text' },
  headingText: { ko: '제목', en: 'Heading' },
  listItem: { ko: '항목', en: 'item' },
  column: { ko: '열', en: 'Column' },
  cell: { ko: '내용', en: 'cell' },
  code: { ko: '코드', en: 'code' },
  // dialogs
  insert: { ko: '넣기', en: 'Insert' },
  cancel: { ko: '취소', en: 'Cancel' },
  close: { ko: '닫기', en: 'Close' },
  language: { ko: '언어', en: 'Language' },
  languageHint: { ko: '예: python, ts, bash (비우면 일반 텍스트)', en: 'e.g. python, ts, bash (blank: plain text)' },
  rows: { ko: '행 수', en: 'Rows' },
  columns: { ko: '열 수', en: 'Columns' },
  imageTitle: { ko: '이미지 넣기', en: 'Insert an image' },
  imageFile: { ko: '파일 올리기', en: 'Upload a file' },
  imageUrl: { ko: '또는 이미지 주소', en: 'Or an image address' },
  alt: { ko: '대체 텍스트', en: 'Alt text' },
  altHint: { ko: '화면 낭독기와 이미지를 볼 수 없는 독자를 위한 설명', en: 'What the image shows, for screen readers and readers who cannot see it' },
  altTitle: { ko: '이미지 설명 (대체 텍스트)', en: 'Describe the image (alt text)' },
  withoutAlt: { ko: '설명 없이 넣기', en: 'Insert without alt text' },
  uploading: { ko: '이미지 올리는 중…', en: 'Uploading image…' },
  uploaded: { ko: '이미지를 올렸습니다', en: 'Image uploaded' },
  uploadFailed: { ko: '이미지를 올리지 못했습니다', en: 'The image could not be uploaded' },
  noUpload: { ko: '이 편집기에서는 이미지를 올릴 수 없습니다. 주소를 넣으세요.', en: 'Uploading is not available here; give an address.' },
  needImage: { ko: '파일을 고르거나 주소를 넣으세요.', en: 'Choose a file or give an address.' },
  embedTitle: { ko: '임베드 넣기', en: 'Insert an embed' },
  embedPick: { ko: '임베드', en: 'Embed' },
  embedNone: { ko: '설치된 임베드가 없습니다.', en: 'No embeds are installed.' },
  embedNoProps: { ko: '이 임베드는 속성이 없습니다.', en: 'This embed takes no props.' },
  embedPreview: { ko: '넣을 MDX', en: 'MDX to insert' },
  unset: { ko: '(기본값)', en: '(default)' },
  required: { ko: '필수', en: 'required' },
  yes: { ko: '예 (true)', en: 'Yes (true)' },
  no: { ko: '아니요 (false)', en: 'No (false)' },
  jsonHint: { ko: 'JSON 값 (예: [1, 2, 3])', en: 'A JSON value (e.g. [1, 2, 3])' },
  problems: { ko: '문제', en: 'Problems' },
  lineN: { ko: '{n}행', en: 'Line {n}' },
} satisfies Record<string, Record<Lang, string>>;

export type WordKey = keyof typeof words;

export function word(lang: Lang, key: WordKey, vars?: Record<string, string | number>): string {
  let s: string = words[key][lang] ?? words[key].en;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
