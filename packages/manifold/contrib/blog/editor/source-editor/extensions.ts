// The CodeMirror pieces the source editor is built from (browser-safe, no React): the Markdown + MDX + math language,
// its highlight classes, the diagnostics gutter, and the placeholders shown where an image is being uploaded.
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { languages } from '@codemirror/language-data';
import { Facet, type Range, RangeSet, StateEffect, StateField, type EditorState, type Extension, type Text } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, GutterMarker, WidgetType, gutter } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { Diagnostic } from '../types';
import { word, type Lang } from './i18n';
import { jsxSyntax, mathSyntax, mdTags } from './syntax';

/** Markdown (GFM) with remark-math and MDX tags; fenced code in the language its info string names, loaded on demand. */
export function mdxLanguage(): Extension {
  return markdown({ base: markdownLanguage, codeLanguages: languages, extensions: [mathSyntax, jsxSyntax] });
}

/** Classes, not colours: source-editor.css colours them from the admin's variables, light and dark. */
export const highlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [t.heading1, t.heading2, t.heading3, t.heading4, t.heading5, t.heading6, t.heading], class: 'se-t-heading' },
    { tag: t.strong, class: 'se-t-strong' },
    { tag: t.emphasis, class: 'se-t-em' },
    { tag: t.strikethrough, class: 'se-t-strike' },
    { tag: [t.link, t.url], class: 'se-t-link' },
    { tag: t.monospace, class: 'se-t-code' },
    { tag: t.quote, class: 'se-t-quote' },
    { tag: [t.processingInstruction, t.contentSeparator, t.meta], class: 'se-t-mark' },
    { tag: mdTags.math, class: 'se-t-math' },
    { tag: mdTags.mathCommand, class: 'se-t-mathcmd' },
    { tag: mdTags.mathMark, class: 'se-t-mathmark' },
    { tag: [t.tagName, t.angleBracket], class: 'se-t-tag' },
    { tag: t.attributeName, class: 'se-t-attr' },
    { tag: [t.attributeValue, t.string, t.special(t.string)], class: 'se-t-string' },
    { tag: [t.literal, t.number, t.bool, t.atom], class: 'se-t-literal' },
    { tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.modifier], class: 'se-t-keyword' },
    { tag: [t.comment, t.lineComment, t.blockComment], class: 'se-t-comment' },
    { tag: [t.function(t.variableName), t.function(t.propertyName)], class: 'se-t-fn' },
    { tag: [t.typeName, t.className], class: 'se-t-type' },
    { tag: t.invalid, class: 'se-t-invalid' },
  ]),
);

// ---- diagnostics ---------------------------------------------------------------------------------------------

export const setDiagnostics = StateEffect.define<Diagnostic[]>();

class DiagnosticMarker extends GutterMarker {
  constructor(
    readonly messages: string[],
    readonly label: string,
  ) {
    super();
  }
  eq(other: DiagnosticMarker) {
    return other.label === this.label && other.messages.join('\n') === this.messages.join('\n');
  }
  toDOM() {
    const el = document.createElement('span');
    el.className = 'se-diag-marker';
    el.textContent = '!';
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', `${this.label}: ${this.messages.join(' / ')}`);
    el.title = this.messages.join('\n');
    el.dataset.message = this.messages.join('\n');
    return el;
  }
}

interface DiagnosticState {
  markers: RangeSet<GutterMarker>;
  lines: DecorationSet;
}

/** Diagnostics by line start; lines past the end of the text are shown on its last line. */
function buildDiagnostics(doc: Text, diagnostics: Diagnostic[], lang: Lang): DiagnosticState {
  const byLine = new Map<number, string[]>();
  for (const d of diagnostics) {
    const n = Math.min(Math.max(Math.trunc(d.line) || 1, 1), doc.lines);
    byLine.set(n, [...(byLine.get(n) ?? []), d.column ? `${d.message} (${d.column})` : d.message]);
  }
  const entries = [...byLine.entries()].sort((a, b) => a[0] - b[0]);
  const markers = RangeSet.of(entries.map(([n, m]) => new DiagnosticMarker(m, word(lang, 'lineN', { n })).range(doc.line(n).from)));
  const lines = Decoration.set(entries.map(([n]) => Decoration.line({ class: 'se-diag-line' }).range(doc.line(n).from)));
  return { markers, lines };
}

const diagnosticsLang = Facet.define<Lang, Lang>({ combine: (values) => values[0] ?? 'ko' });

/** The compile problems by line: the gutter's markers and the tint of their lines, set with the setDiagnostics effect. */
export const diagnosticsField = StateField.define<DiagnosticState>({
  create: () => ({ markers: RangeSet.empty, lines: Decoration.none }),
  update(value, tr) {
    let next = value;
    if (tr.docChanged && value.markers.size) {
      // The markers move with their text; their labels say the line they are on now.
      const lang = tr.state.facet(diagnosticsLang);
      const moved: Range<GutterMarker>[] = [];
      value.markers.map(tr.changes).between(0, tr.state.doc.length, (from, _to, m) => {
        moved.push(new DiagnosticMarker((m as DiagnosticMarker).messages, word(lang, 'lineN', { n: tr.state.doc.lineAt(from).number })).range(from));
      });
      next = { markers: RangeSet.of(moved), lines: value.lines.map(tr.changes) };
    } else if (tr.docChanged) next = { markers: value.markers, lines: value.lines.map(tr.changes) };
    for (const e of tr.effects) if (e.is(setDiagnostics)) next = buildDiagnostics(tr.state.doc, e.value, tr.state.facet(diagnosticsLang));
    return next;
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.lines),
});

/** Where the markers are now (line numbers follow edits made since the diagnostics came) and what they say. */
export function diagnosticMarkers(state: EditorState): { line: number; label: string }[] {
  const out: { line: number; label: string }[] = [];
  state.field(diagnosticsField).markers.between(0, state.doc.length, (from, _to, m) => {
    const marker = m as DiagnosticMarker;
    out.push({ line: state.doc.lineAt(from).number, label: `${marker.label}: ${marker.messages.join(' / ')}` });
  });
  return out;
}

export function diagnosticsExtension(lang: Lang): Extension {
  return [
    diagnosticsLang.of(lang),
    diagnosticsField,
    gutter({
      class: 'se-diag-gutter',
      markers: (view) => view.state.field(diagnosticsField).markers,
      initialSpacer: () => new DiagnosticMarker([], ''),
    }),
  ];
}

// ---- upload placeholders -------------------------------------------------------------------------------------

export const addUpload = StateEffect.define<{ id: string; pos: number; label: string }>();
export const removeUpload = StateEffect.define<string>();

class UploadWidget extends WidgetType {
  constructor(
    readonly id: string,
    readonly label: string,
  ) {
    super();
  }
  eq(other: UploadWidget) {
    return other.id === this.id && other.label === this.label;
  }
  toDOM() {
    const el = document.createElement('span');
    el.className = 'se-upload';
    el.dataset.uploadId = this.id;
    el.setAttribute('role', 'status');
    const spin = document.createElement('span');
    spin.className = 'se-upload-spin';
    spin.setAttribute('aria-hidden', 'true');
    el.append(spin, document.createTextNode(this.label));
    return el;
  }
  ignoreEvent() {
    return true;
  }
}

/** Where each upload will land, kept in place while the author goes on typing around it (never in the text itself). */
export const uploadsField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(addUpload)) {
        const pos = Math.min(e.value.pos, tr.state.doc.length);
        next = next.update({ add: [Decoration.widget({ widget: new UploadWidget(e.value.id, e.value.label), side: 1 }).range(pos)] });
      } else if (e.is(removeUpload)) {
        next = next.update({ filter: (_f, _t, d) => (d.spec.widget as UploadWidget).id !== e.value });
      }
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The current position of an upload's placeholder, or null when it is gone. */
export function uploadPosition(state: EditorState, id: string): number | null {
  let found: number | null = null;
  state.field(uploadsField).between(0, state.doc.length, (from, _to, d) => {
    if ((d.spec.widget as UploadWidget).id === id) {
      found = from;
      return false;
    }
  });
  return found;
}
