// The post editor's preview frame (framed by the editor's preview pane; see manifold/blog/editor/preview-frame).
export { default } from 'manifold/blog/editor/preview-frame';
