'use client';
// The post's source editor: CodeMirror 6 over the MDX source (Markdown, math, code fences, embed tags highlighted), a
// toolbar with shortcuts, an "insert embed" form, the compile problems in the gutter, and images pasted or dropped in
// uploaded in place. Korean input is safe: nothing replaces the text while a composition is under way, and the
// parent's echo of our own onChange never resets the document. Lazy-load it: `dynamic(() => import(…))`.
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { EditorView, drawSelection, dropCursor, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers as lineNumbersGutter, placeholder as placeholderExt } from '@codemirror/view';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import type { Diagnostic, EmbedInfo, UploadedMedia } from '../types';
import * as cmd from './commands';
import { AltDialog, CodeDialog, EmbedDialog, ImageDialog, TableDialog } from './dialogs';
import { addUpload, diagnosticsExtension, highlight, mdxLanguage, removeUpload, setDiagnostics, uploadPosition, uploadsField } from './extensions';
import { word, type Lang } from './i18n';
import { icons } from './icons';
import './source-editor.css';

export interface SourceEditorProps {
  value: string;
  onChange(value: string): void;
  diagnostics: Diagnostic[];
  embeds: EmbedInfo[];
  /** An embed was inserted (the editor switches a Markdown post to MDX: embeds run only there). */
  onEmbedInserted?(): void;
  lang: 'ko' | 'en';
  upload?: (file: File) => Promise<UploadedMedia>;
  lineNumbers?: boolean;
  onComposingChange?(composing: boolean): void;
  id?: string;
  ariaLabel?: string;
}

type DialogState = { kind: 'image' } | { kind: 'embed' } | { kind: 'code' } | { kind: 'table' } | null;
interface AltRequest {
  id: string;
  fileName: string;
  previewUrl: string | null;
  resolve: (alt: string) => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const modName = isMac ? '⌘' : 'Ctrl';
const keyLabel = (key: string) => key.replace('Mod', modName).replace('Alt', isMac ? '⌥' : 'Alt').replace('Shift', isMac ? '⇧' : 'Shift');
const ariaKeys = (key: string) => key.replace('Mod', isMac ? 'Meta' : 'Control');
const LINE_NUMBERS_KEY = 'manifold.editor.lineNumbers';
/** How many of our own recent onChange values the parent may still echo back (it renders behind us). */
const ECHO_MEMORY = 50;

let uploadSeq = 0;

export function SourceEditor(props: SourceEditorProps) {
  const { lang } = props;
  const reactId = useId();
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  /**
   * What we emitted through onChange since the parent last caught up: its echoes (even late ones) are not external
   * changes. The one value a parent cannot hand back this way is one of those recent texts it has not yet echoed.
   */
  const emitted = useRef<string[]>([]);
  /** Work that must wait for the end of a composition (external value, diagnostics, finished uploads). */
  const pending = useRef<Map<string, () => void>>(new Map());
  const lineNumbersConf = useRef(new Compartment());
  const [showLineNumbers, setShowLineNumbers] = useState<boolean>(props.lineNumbers ?? true);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [altQueue, setAltQueue] = useState<AltRequest[]>([]);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const toolbarRef = useRef<HTMLDivElement>(null);

  /** Runs `fn` now, or once the composition ends (keyed: a newer job of the same key replaces the older). */
  const whenIdle = useCallback((key: string, fn: () => void) => {
    const view = viewRef.current;
    if (view && !view.composing) fn();
    else pending.current.set(key, fn);
  }, []);
  const flush = useCallback(() => {
    const view = viewRef.current;
    if (!view || view.composing || pending.current.size === 0) return;
    const jobs = [...pending.current.values()];
    pending.current.clear();
    for (const job of jobs) job();
  }, []);

  const run = useCallback((edit: cmd.Edit) => {
    const view = viewRef.current;
    if (!view || view.composing) return false;
    const spec = edit(view.state);
    if (spec) view.dispatch(spec, { userEvent: 'input.toolbar' });
    return true;
  }, []);

  const startUpload = useCallback(
    (view: EditorView, file: File, pos: number, knownAlt?: string) => {
      const upload = propsRef.current.upload;
      const l = propsRef.current.lang;
      if (!upload) {
        setStatus({ text: word(l, 'noUpload'), error: true });
        return;
      }
      const id = `u${++uploadSeq}`;
      view.dispatch({ effects: addUpload.of({ id, pos, label: `${word(l, 'uploading')} ${file.name || ''}`.trim() }) });
      setStatus({ text: word(l, 'uploading'), error: false });
      const previewUrl = typeof URL !== 'undefined' && URL.createObjectURL ? URL.createObjectURL(file) : null;
      const alt =
        knownAlt !== undefined
          ? Promise.resolve(knownAlt)
          : new Promise<string>((resolve) => setAltQueue((q) => [...q, { id, fileName: file.name || 'image', previewUrl, resolve }]));
      const uploaded = upload(file);
      uploaded.catch(() => setAltQueue((q) => q.filter((r) => r.id !== id)));
      Promise.all([uploaded, alt])
        .then(([media, altText]) => {
          whenIdle(`upload:${id}`, () => {
            const v = viewRef.current;
            if (!v) return;
            const at = uploadPosition(v.state, id) ?? v.state.selection.main.head;
            const text = cmd.imageMarkdown(altText, media.url);
            v.dispatch({ changes: { from: at, insert: text }, effects: removeUpload.of(id), userEvent: 'input.upload' });
            setStatus({ text: word(propsRef.current.lang, 'uploaded'), error: false });
          });
        })
        .catch((err: unknown) => {
          whenIdle(`upload:${id}`, () => viewRef.current?.dispatch({ effects: removeUpload.of(id) }));
          const why = err instanceof Error && err.message ? `: ${err.message}` : '';
          setStatus({ text: `${word(propsRef.current.lang, 'uploadFailed')}${why}`, error: true });
        })
        .finally(() => {
          if (previewUrl) setTimeout(() => URL.revokeObjectURL(previewUrl), 60_000);
        });
    },
    [whenIdle],
  );

  // The toolbar's entries, also the keymap: one list, one code path.
  // `shown`: the text a button shows, which its accessible name must contain (WCAG 2.5.3, label in name), so a person using
  // voice control can say what they see.
  const actions: { key: string; label: string; icon: ReactNode; shown?: string; shortcut?: string; act: () => void }[] = [
    { key: 'h2', label: word(lang, 'heading2'), icon: 'H2', shown: 'H2', shortcut: 'Mod-Alt-2', act: () => run(cmd.setHeading(2)) },
    { key: 'h3', label: word(lang, 'heading3'), icon: 'H3', shown: 'H3', shortcut: 'Mod-Alt-3', act: () => run(cmd.setHeading(3)) },
    { key: 'bold', label: word(lang, 'bold'), icon: <b>B</b>, shortcut: 'Mod-b', act: () => run(cmd.bold(lang)) },
    { key: 'italic', label: word(lang, 'italic'), icon: <i>I</i>, shortcut: 'Mod-i', act: () => run(cmd.italic(lang)) },
    { key: 'link', label: word(lang, 'link'), icon: icons.link, shortcut: 'Mod-k', act: () => run(cmd.link(lang)) },
    { key: 'math', label: word(lang, 'inlineMath'), icon: <span className="se-ico-math">$x$</span>, shown: '$x$', shortcut: 'Mod-m', act: () => run(cmd.inlineMath()) },
    { key: 'dmath', label: word(lang, 'displayMath'), icon: <span className="se-ico-math">$$</span>, shown: '$$', shortcut: 'Mod-Shift-m', act: () => run(cmd.displayMath()) },
    { key: 'code', label: word(lang, 'codeBlock'), icon: <span className="se-ico-code">{'{}'}</span>, shortcut: 'Mod-Alt-c', act: () => setDialog({ kind: 'code' }) },
    { key: 'quote', label: word(lang, 'quote'), icon: icons.quote, shortcut: 'Mod-Shift-9', act: () => run(cmd.toggleLinePrefix('quote')) },
    { key: 'ul', label: word(lang, 'bulletList'), icon: icons.bullet, shortcut: 'Mod-Shift-8', act: () => run(cmd.toggleLinePrefix('bullet')) },
    { key: 'ol', label: word(lang, 'orderedList'), icon: <span className="se-ico-code">1.</span>, shown: '1.', shortcut: 'Mod-Shift-7', act: () => run(cmd.toggleLinePrefix('ordered')) },
    { key: 'table', label: word(lang, 'table'), icon: icons.table, act: () => setDialog({ kind: 'table' }) },
    { key: 'image', label: word(lang, 'image'), icon: icons.image, act: () => setDialog({ kind: 'image' }) },
    { key: 'embed', label: word(lang, 'embed'), icon: icons.embed, shortcut: 'Mod-Alt-e', act: () => setDialog({ kind: 'embed' }) },
  ];
  const actionsRef = useRef(actions);
  actionsRef.current = actions;

  // The view: made once; later props reach it through refs and the effects below.
  useEffect(() => {
    if (!host.current) return;
    const p = propsRef.current;
    const shortcuts = keymap.of(
      actionsRef.current
        .filter((a) => a.shortcut)
        .map((a) => ({
          key: a.shortcut!,
          preventDefault: true,
          run: (view: EditorView) => {
            if (view.composing) return false;
            actionsRef.current.find((x) => x.key === a.key)?.act();
            return true;
          },
        })),
    );
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: p.value,
        extensions: [
          lineNumbersConf.current.of(showLineNumbers ? [lineNumbersGutter(), highlightActiveLineGutter()] : []),
          diagnosticsExtension(p.lang),
          history(),
          drawSelection(),
          dropCursor(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          mdxLanguage(),
          highlight,
          uploadsField,
          EditorView.lineWrapping,
          placeholderExt(word(p.lang, 'editor')),
          Prec.high(shortcuts),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap]),
          EditorView.contentAttributes.of({
            'aria-label': p.ariaLabel ?? word(p.lang, 'editor'),
            ...(p.id ? { id: p.id } : {}),
            spellcheck: 'false',
            autocorrect: 'off',
            autocapitalize: 'off',
          }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) {
              const text = u.state.doc.toString();
              emitted.current.push(text);
              if (emitted.current.length > ECHO_MEMORY) emitted.current.shift();
              propsRef.current.onChange(text);
            }
            if (!u.view.composing && pending.current.size) setTimeout(flush, 0);
          }),
          EditorView.domEventHandlers({
            compositionstart: () => {
              propsRef.current.onComposingChange?.(true);
              return false;
            },
            compositionend: () => {
              propsRef.current.onComposingChange?.(false);
              // CodeMirror finishes the composition after this event: run the deferred work once it has.
              setTimeout(flush, 0);
              return false;
            },
            paste: (event, v) => {
              const files = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
              if (!files.length) return false;
              event.preventDefault();
              for (const f of files) startUpload(v, f, v.state.selection.main.head);
              return true;
            },
            drop: (event, v) => {
              const files = [...(event.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith('image/'));
              if (!files.length) return false;
              event.preventDefault();
              const pos = v.posAtCoords({ x: event.clientX, y: event.clientY }) ?? v.state.selection.main.head;
              for (const f of files) startUpload(v, f, pos);
              return true;
            },
          }),
        ],
      }),
    });
    viewRef.current = view;
    if (p.diagnostics.length) view.dispatch({ effects: setDiagnostics.of(p.diagnostics) });
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- made once; the rest follows through refs and effects
  }, []);

  // The parent's value: applied only when it is really new (not an echo of what we emitted), never mid-composition.
  useEffect(() => {
    const value = props.value;
    const recent = emitted.current;
    const echo = recent.lastIndexOf(value);
    if (echo >= 0) {
      // Caught up with us (or a stale render on its way): forget what it has now seen.
      recent.splice(0, echo + 1);
      return;
    }
    whenIdle('value', () => {
      const view = viewRef.current;
      if (!view) return;
      const current = view.state.doc.toString();
      const latest = propsRef.current.value;
      if (latest === current || emitted.current.includes(latest)) return;
      // The smallest change, so the cursor and the undo history around it survive a merge or a restore.
      let start = 0;
      const max = Math.min(current.length, latest.length);
      while (start < max && current.charCodeAt(start) === latest.charCodeAt(start)) start++;
      let endA = current.length;
      let endB = latest.length;
      while (endA > start && endB > start && current.charCodeAt(endA - 1) === latest.charCodeAt(endB - 1)) {
        endA--;
        endB--;
      }
      // What we emitted before stays remembered: a parent that renders late may still pass one of those texts, and
      // taking it for news would swing the text back and forth between the two.
      view.dispatch({ changes: { from: start, to: endA, insert: latest.slice(start, endB) }, userEvent: 'set.external' });
    });
  }, [props.value, whenIdle]);

  useEffect(() => {
    whenIdle('diagnostics', () => viewRef.current?.dispatch({ effects: setDiagnostics.of(propsRef.current.diagnostics) }));
  }, [props.diagnostics, whenIdle]);

  useEffect(() => {
    if (props.lineNumbers !== undefined) setShowLineNumbers(props.lineNumbers);
    else {
      try {
        const saved = localStorage.getItem(LINE_NUMBERS_KEY);
        if (saved) setShowLineNumbers(saved === '1');
      } catch {
        // storage unavailable: keep the default
      }
    }
  }, [props.lineNumbers]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: lineNumbersConf.current.reconfigure(showLineNumbers ? [lineNumbersGutter(), highlightActiveLineGutter()] : []) });
  }, [showLineNumbers]);

  const toggleLineNumbers = () => {
    const next = !showLineNumbers;
    setShowLineNumbers(next);
    try {
      localStorage.setItem(LINE_NUMBERS_KEY, next ? '1' : '0');
    } catch {
      // storage unavailable: the choice lasts this page
    }
  };

  const closeDialog = () => {
    setDialog(null);
    requestAnimationFrame(() => viewRef.current?.focus());
  };
  const insertAndClose = (edit: cmd.Edit) => {
    setDialog(null);
    requestAnimationFrame(() => {
      run(edit);
      viewRef.current?.focus();
    });
  };

  // A parent that passes `lineNumbers` owns the choice (its own control); otherwise the toolbar offers the toggle.
  const ownToggle = props.lineNumbers === undefined;

  // Toolbar: one tab stop, arrow keys move along it (WAI-ARIA toolbar pattern).
  const toolbarKey = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const count = actions.length + (ownToggle ? 1 : 0);
    let next = focusIndex;
    if (e.key === 'ArrowRight') next = (focusIndex + 1) % count;
    else if (e.key === 'ArrowLeft') next = (focusIndex - 1 + count) % count;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    else return;
    e.preventDefault();
    setFocusIndex(next);
    toolbarRef.current?.querySelectorAll<HTMLButtonElement>('button')[next]?.focus();
  };

  const goToLine = (line: number) => {
    const view = viewRef.current;
    if (!view) return;
    const l = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
    view.dispatch({ selection: { anchor: l.from }, scrollIntoView: true });
    view.focus();
  };

  const alt = altQueue[0];
  const problemsId = `${reactId}-problems`;
  return (
    <div className="se-root" data-testid="source-editor">
      <div className="se-toolbar" role="toolbar" aria-label={word(lang, 'toolbar')} ref={toolbarRef} onKeyDown={toolbarKey}>
        {actions.map((a, i) => (
          <button
            key={a.key}
            type="button"
            className={`se-tool se-tool-${a.key}`}
            data-action={a.key}
            aria-label={a.shown ? `${a.shown} ${a.label}` : a.label}
            title={a.shortcut ? `${a.label} (${keyLabel(a.shortcut)})` : a.label}
            aria-keyshortcuts={a.shortcut ? ariaKeys(a.shortcut) : undefined}
            tabIndex={i === focusIndex ? 0 : -1}
            onMouseDown={(e) => e.preventDefault()}
            onFocus={() => setFocusIndex(i)}
            onClick={() => {
              a.act();
              if (!['code', 'table', 'image', 'embed'].includes(a.key)) viewRef.current?.focus();
            }}
          >
            <span aria-hidden="true">{a.icon}</span>
          </button>
        ))}
        <span className="se-toolbar-gap" />
        {ownToggle ? (
          <button
            type="button"
            className="se-tool se-tool-lines"
            data-action="lines"
            aria-pressed={showLineNumbers}
            aria-label={word(lang, 'lineNumbers')}
            title={word(lang, 'lineNumbers')}
            tabIndex={focusIndex === actions.length ? 0 : -1}
            onFocus={() => setFocusIndex(actions.length)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={toggleLineNumbers}
          >
            <span aria-hidden="true">{icons.lines}</span>
          </button>
        ) : null}
      </div>
      <div className="se-host" ref={host} aria-describedby={props.diagnostics.length ? problemsId : undefined} />
      {props.diagnostics.length ? (
        <div className="se-problems" id={problemsId}>
          <span className="se-problems-title">{word(lang, 'problems')}</span>
          <ul>
            {props.diagnostics.map((d, i) => (
              <li key={i}>
                <button type="button" className="se-problem" onClick={() => goToLine(d.line)}>
                  <span className="se-problem-line">{word(lang, 'lineN', { n: d.line })}</span> {d.message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className={`se-status${status?.error ? ' se-status-error' : ''}`} role={status?.error ? 'alert' : 'status'} aria-live="polite">
        {status?.text ?? ''}
      </p>
      {dialog?.kind === 'code' ? <CodeDialog lang={lang} onClose={closeDialog} onInsert={(language) => insertAndClose(cmd.codeBlock(language, lang))} /> : null}
      {dialog?.kind === 'table' ? <TableDialog lang={lang} onClose={closeDialog} onInsert={(r, c) => insertAndClose(cmd.table(r, c, lang))} /> : null}
      {dialog?.kind === 'embed' ? <EmbedDialog lang={lang} embeds={props.embeds} onClose={closeDialog} onInsert={(mdx) => {
            insertAndClose(cmd.insertBlock(mdx));
            props.onEmbedInserted?.();
          }} /> : null}
      {dialog?.kind === 'image' ? (
        <ImageDialog
          lang={lang}
          canUpload={!!props.upload}
          onClose={closeDialog}
          onInsertUrl={(altText, url) => insertAndClose(cmd.image(altText, url))}
          onUpload={(file, altText) => {
            closeDialog();
            const view = viewRef.current;
            if (view) startUpload(view, file, view.state.selection.main.head, altText);
          }}
        />
      ) : null}
      {alt && !dialog ? (
        <AltDialog
          key={alt.id}
          lang={lang}
          fileName={alt.fileName}
          previewUrl={alt.previewUrl}
          onDone={(text) => {
            alt.resolve(text);
            setAltQueue((q) => q.slice(1));
            requestAnimationFrame(() => viewRef.current?.focus());
          }}
        />
      ) : null}
    </div>
  );
}

export default SourceEditor;
