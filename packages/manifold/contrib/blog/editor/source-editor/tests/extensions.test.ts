// The editor's state fields without a browser: compile problems placed by line and kept on their lines while the author
// edits above them; upload placeholders that follow the text around them and are gone once the image is in.
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { addUpload, diagnosticMarkers, diagnosticsExtension, removeUpload, setDiagnostics, uploadPosition, uploadsField } from '../extensions';

describe('diagnostics', () => {
  it('puts each problem on its line (several on one line together; past the end on the last line)', () => {
    let state = EditorState.create({ doc: '하나\n둘\n셋', extensions: diagnosticsExtension('ko') });
    state = state.update({
      effects: setDiagnostics.of([
        { line: 2, message: '<Foo /> is not a registered embed', kind: 'embed' },
        { line: 2, column: 4, message: 'second', kind: 'props' },
        { line: 99, message: 'unexpected end', kind: 'syntax' },
      ]),
    }).state;
    expect(diagnosticMarkers(state)).toEqual([
      { line: 2, label: '2행: <Foo /> is not a registered embed / second (4)' },
      { line: 3, label: '3행: unexpected end' },
    ]);
  });

  it('keeps a marker on its text while lines are added above it, and clears with an empty list', () => {
    let state = EditorState.create({ doc: 'a\nb', extensions: diagnosticsExtension('en') });
    state = state.update({ effects: setDiagnostics.of([{ line: 2, message: 'bad', kind: 'syntax' }]) }).state;
    state = state.update({ changes: { from: 0, insert: 'new\nlines\n' } }).state;
    expect(diagnosticMarkers(state)).toEqual([{ line: 4, label: 'Line 4: bad' }]);
    state = state.update({ effects: setDiagnostics.of([]) }).state;
    expect(diagnosticMarkers(state)).toEqual([]);
  });
});

describe('upload placeholders', () => {
  it('follow the text typed before them and disappear when removed', () => {
    let state = EditorState.create({ doc: '그림: 끝', extensions: uploadsField });
    state = state.update({ effects: addUpload.of({ id: 'u1', pos: 4, label: '올리는 중' }) }).state;
    state = state.update({ changes: { from: 0, insert: '앞에 쓴 글 ' } }).state;
    expect(uploadPosition(state, 'u1')).toBe(4 + '앞에 쓴 글 '.length);
    expect(uploadPosition(state, 'u2')).toBeNull();
    state = state.update({ effects: removeUpload.of('u1') }).state;
    expect(uploadPosition(state, 'u1')).toBeNull();
    // The text around one deleted: the placeholder goes with it (the image then lands at the cursor).
    state = state.update({ effects: addUpload.of({ id: 'u3', pos: 3, label: '올리는 중' }) }).state;
    expect(uploadPosition(state, 'u3')).toBe(3);
    state = state.update({ changes: { from: 0, to: state.doc.length } }).state;
    expect(uploadPosition(state, 'u3')).toBeNull();
  });
});
