// The add page tells the editor it opens next to put the cursor in the body (sessionStorage key, the new post's id).
export const FOCUS_KEY = 'manifold.editor.focusBody';
