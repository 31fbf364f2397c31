"""The form's style sheet: readable width, labels above inputs, phone-friendly wrapping."""

from __future__ import annotations

import ipywidgets as W

CSS = """
.rw-form, .rw-app { width: 100%; max-width: 48rem; margin: 0; font-size: 16px;
  line-height: 1.5; box-sizing: border-box; }
.rw-form *, .rw-app * { box-sizing: border-box; }
.rw-form h2.rw-title { font-size: 1.6rem; margin: .5rem 0; }
.rw-form h3.rw-step-title { font-size: 1.3rem; margin: .75rem 0 .25rem; }
/* no side margins: with width 100% they pushed inputs 2px past the panel's clipping edge */
.rw-form .widget-inline-hbox, .rw-form .widget-radio, .rw-form .widget-dropdown,
.rw-form .widget-datepicker, .rw-form .widget-textarea, .rw-form .widget-text {
  flex-direction: column; align-items: stretch; width: 100% !important; height: auto;
  margin-left: 0; margin-right: 0; }
/* a radio group is a plain block: its question would sit inline at the block's 28px lines */
.rw-form .widget-radio { display: flex; }
.rw-form .widget-checkbox { flex-direction: row; align-items: center; width: auto !important; }
.rw-form .widget-label, .rw-form .rw-legend { width: auto !important; max-width: 100%;
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.4; font-weight: 600; text-align: left; margin: 0 0 .3rem 0; }
.rw-form .widget-checkbox .widget-label { font-weight: normal; margin: 0 0 0 .25rem; }
.rw-form .widget-checkbox { height: auto; }
.rw-form .widget-checkbox label, .rw-form .widget-label-basic { white-space: normal;
  overflow: visible; text-overflow: clip; height: auto; line-height: 1.4; }
.rw-form .rw-progress-row { flex-flow: row wrap; align-items: center; gap: .5rem; }
.rw-form .rw-table-view { border-collapse: collapse; width: 100%; font-size: 14px; }
.rw-form .rw-table-view th, .rw-form .rw-table-view td { border: 1px solid #d0d7de;
  padding: .25rem .4rem; text-align: left; vertical-align: top; }
.rw-form .rw-table-view th { background: #eef2f7; }
.rw-form .rw-scroll { overflow-x: auto; max-width: 100%; }
.rw-form .rw-caption { font-size: 14px; color: #333; }
.rw-form .rw-pre { white-space: pre-wrap; }
.rw-form .widget-html-content { line-height: 1.5; }
.rw-form .widget-html-content p { margin: .3rem 0; }
.rw-form .rw-download { font-weight: 600; }
/* In Voila, keep the narrative and the widgets in one readable column. */
body[data-voila] .jp-Cell, #rendered_cells .jp-Cell { max-width: 50rem; margin-left: auto;
  margin-right: auto; }
/* links in running text are underlined, not told apart by colour alone */
body .jp-RenderedHTMLCommon a:link, body .jp-RenderedHTMLCommon a:visited, .rw-form a,
.rw-app a { text-decoration: underline; }
/* ipywidgets fixes each option's height to one line: long labels ran over the next one */
.rw-form .widget-radio-box label { font-weight: normal; line-height: 1.4; height: auto;
  min-height: 1.6rem; display: flex; align-items: flex-start; gap: .4rem; white-space: normal;
  padding: .15rem 0; }
.rw-form .widget-radio-box input { flex: 0 0 auto; order: -1; height: 1rem; float: none;
  margin: .2rem 0 0 1px; }
.rw-form .widget-radio-box { height: auto; }
.rw-form input[type=text], .rw-form textarea, .rw-form select, .rw-form input[type=date] {
  font-size: 16px; min-height: 2.4rem; max-width: 100%; }
/* ipywidgets gives a select flex-basis 148px, which a column layout turns into its height */
.rw-form .widget-dropdown select { width: 100%; flex: 0 0 auto; height: auto; }
.rw-form .rw-horizontal .widget-radio-box { flex-direction: row; flex-wrap: wrap;
  gap: .1rem 1.1rem; }
.rw-form .rw-checkgroup { display: flex; flex-wrap: wrap; gap: .1rem 1rem; }
.rw-form .rw-checkgroup .widget-checkbox { min-width: 15rem; flex: 1 1 15rem; }
.rw-form .rw-item { border-top: 1px solid #d0d7de; padding: .8rem 0 .6rem; }
.rw-form .rw-matrix-row { border-left: 3px solid #d0d7de; padding-left: .6rem; margin: .4rem 0; }
.rw-form .rw-problem { color: #8a1c1c; font-weight: 600; margin-top: .25rem; }
.rw-form details.rw-help { margin: .3rem 0; }
.rw-form details.rw-help summary { cursor: pointer; color: #1a4d8f; text-decoration: underline; }
.rw-form details.rw-help p { margin: .3rem 0 .3rem 1rem; }
.rw-form .widget-button { height: auto; min-height: 2.4rem; white-space: normal; font-size: 15px;
  width: auto; max-width: 100%; padding: 0 .8rem; }
/* ipywidgets removes the outline of inputs and drop-downs with !important; theirs is drawn
   inside the border, where the boxes around full-width fields do not clip it */
.rw-form .widget-button:focus-visible, .rw-form input:focus-visible, .rw-form select:focus-visible,
.rw-form textarea:focus-visible, .rw-form summary:focus-visible {
  outline: 3px solid #1a4d8f !important; outline-offset: 2px; }
.rw-form input:not([type=radio]):not([type=checkbox]):focus-visible,
.rw-form select:focus-visible, .rw-form textarea:focus-visible { outline-offset: -3px; }
.rw-form .rw-toolbar { flex-wrap: wrap; gap: .5rem; align-items: center; margin: .4rem 0; }
.rw-form .rw-toolbar .widget-dropdown { flex-direction: row; width: auto !important; }
/* read by screen readers, not shown */
.rw-form .rw-sort label.widget-label { position: absolute !important; width: 1px !important;
  height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; margin: 0; }
/* the focused step marker: invisible, and placed so the browser scrolls its step to the top
   of the screen rather than to the middle */
.rw-form .widget-button.rw-anchor { display: block; width: 1px !important; height: 1px;
  min-height: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap; padding: 0;
  margin: 0 0 -1px 0; border: 0; scroll-margin-top: .5rem;
  scroll-margin-bottom: calc(100vh - 3rem); }
.rw-form .rw-note p { margin: .2rem 0; font-style: italic; }
.rw-form .rw-cell { margin: 0 0 .5rem 0; }
.rw-form .rw-cell-message:empty { display: none; }
.rw-form .rw-option-notes ul, .rw-form .rw-option-hint p { margin: .1rem 0 .3rem;
  font-size: 14px; color: #333; }
.rw-form .rw-option-notes ul { padding-left: 1.2rem; }
.rw-form .rw-row { flex-wrap: wrap; align-items: center; gap: .25rem; border: 1px solid #d0d7de;
  border-radius: 4px; padding: .2rem .5rem; margin: .15rem 0; }
.rw-form .rw-row .widget-button { min-width: 2.6rem; }
.rw-form .rw-row-editing { border: 2px solid #1a4d8f; }
.rw-form .rw-row-summary { white-space: normal; overflow-wrap: anywhere; font-weight: normal;
  align-self: center; margin: 0 !important; }
.rw-form .rw-editor { border: 2px solid #1a4d8f; border-radius: 6px; padding: .75rem;
  background: #f6f9fd; margin: .5rem 0; }
.rw-form .rw-undo-bar { align-items: center; gap: .5rem; background: #fff8e1;
  padding: .25rem .5rem; }
.rw-form .rw-nav { justify-content: space-between; align-items: center; gap: .5rem;
  border-top: 1px solid #d0d7de; padding: .6rem 0; margin-top: .5rem; }
.rw-form .rw-progress { flex-direction: row !important; align-items: center; max-width: 22rem; }
.rw-form .rw-review-row { align-items: center; flex-wrap: wrap; gap: .5rem;
  border-bottom: 1px solid #eee; padding: .25rem 0; }
.rw-form .rw-review-row .widget-label { font-weight: normal; }
@media (max-width: 520px) {
  .rw-form, .rw-app { padding: 0 .25rem; }
  .rw-form .rw-checkgroup .widget-checkbox { min-width: 100%; }
  /* a record's summary on its own line, its four buttons together on the next */
  .rw-form .rw-row-summary { flex: 1 1 100% !important; }
  /* room below a short last step, so "Next" can bring every step to the top of a phone */
  .rw-app.rw-questions { padding-bottom: 70vh; }
}
/* Printing the page itself (Ctrl+P): Voila scrolls inside fixed-height panels that Lumino
   marks `contain: strict` in their style attribute. Size containment makes a panel as tall as
   its padding whatever it holds, so the browser printed one page. Let every container grow
   and flow over pages; buttons and editors are not printed. */
@media print {
  html, body, #main, #rendered_cells, .jp-LabShell, .lm-Widget, .jp-OutputArea,
  .jp-OutputArea-child, .jp-OutputArea-output, .widget-box, .jupyter-widgets {
    overflow: visible !important; height: auto !important; max-height: none !important;
    position: static !important; contain: none !important; }
  body { background: #fff; }
  .widget-button, .rw-editor, .rw-toolbar, .rw-nav, .rw-undo-bar, .rw-save-bar,
  .rw-step-picker, .rw-progress-row { display: none !important; }
  .rw-form, .rw-app { max-width: none; }
  /* the room a phone keeps below a step for "Next" would be blank paper */
  .rw-app.rw-questions { padding-bottom: 0; }
  .rw-view h4, .rw-form h3, .rw-form h2, .jp-RenderedHTMLCommon :is(h1, h2, h3, h4) {
    break-after: avoid; }
  /* a step's heading is a Markdown cell of its own: keep it with the cell that follows */
  .jp-MarkdownCell:has(.jp-RenderedMarkdown > :is(h1, h2, h3, h4):last-child),
  #rendered_cells div:has(> .jp-MarkdownCell .jp-RenderedMarkdown > :is(h1, h2, h3):last-child) {
    break-after: avoid; }
  /* space above a cell's output is a place the browser may break, heading or not: none */
  .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child,
  .jp-OutputArea-output { padding-top: 0 !important; margin-top: 0 !important;
    border-top: 0 !important; }
  .widget-html, .widget-html-content { display: block !important; padding-top: 0 !important;
    margin-top: 0 !important; }
  .widget-html-content > .rw-view:first-child { margin-top: 0; }
  .rw-view-title, .widget-html:has(.rw-view-title) { break-after: avoid; }
  /* a column of widgets is a flex box, which the browser keeps whole on a page where it can;
     as plain blocks they break between their parts like the rest of the page */
  .widget-vbox, .jp-OutputArea-child, .jp-OutputArea-output { display: block !important; }
  /* JupyterLab keeps each cell's output whole on a page, which left blank pages */
  .jp-OutputArea-child, .jp-Cell { break-inside: auto !important; }
  /* nothing scrolls on paper: a wide table wraps its words to the page's width instead */
  .rw-scroll { overflow: visible !important; }
  .rw-table-view, .rw-bars { max-width: 100%; }
  .rw-table-view th, .rw-table-view td { overflow-wrap: anywhere; min-width: 0 !important; }
  .rw-table-view tr, .rw-bars tr, svg { break-inside: avoid; }
}
"""


def style_widget() -> W.HTML:
    """An HTML widget carrying the style sheet (works in JupyterLab and Voila alike)."""
    return W.HTML(f"<style>{CSS}</style>", layout=W.Layout(display="none"))
