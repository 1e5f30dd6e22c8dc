/**
 * greater4j in Jupyter. Every result value shows itself: {@link org.greater4j.notebook.Html#of(Object)}
 * renders the model, a task, a prompt state (its tokens, the optimized one highlighted), candidates
 * (a row per token with its votes, and a bar chart), reasoning (the extracted answer marked, right or
 * wrong), the gradient (a table and a heat map), a swap, a step, a diagnosis (the gradient's ranking against every candidate's real score), a run (loss, score
 * and dev accuracy curves, the best prompts, test accuracy), evaluations, the paper's tables ({@link org.greater4j.notebook.PaperComparison}) and
 * prompt transfer ({@link org.greater4j.notebook.Comparison}) as HTML, and
 * {@link org.greater4j.notebook.Html#text(Object)} as text; renderers for more types are added with
 * {@link org.greater4j.notebook.Html#register}. Every value carries the token texts, prompt text and
 * questions it shows, so rendering needs nothing but the value.
 *
 * <p>Plots ({@link org.greater4j.notebook.Plots}) are Tablesaw figures drawn by plotly.js 2.35.3, which
 * ships in the jar and is inlined once per kernel session ({@link org.greater4j.notebook.Plotly}), so
 * they draw with no network in the classic Notebook and in nbconvert's HTML export.
 *
 * <p>Kernels: nothing here depends on one. {@link org.greater4j.notebook.RapaioDisplayProvider} is
 * rapaio-jupyter-kernel's display hook (values that end a cell render as HTML);
 * {@link org.greater4j.notebook.Notebook#display} shows a value mid-cell in rapaio, IJava or JJava
 * and prints its text elsewhere; {@link org.greater4j.notebook.KernelLauncher} starts the rapaio
 * kernel and repairs its startup race ({@code docs/kernel-stress.md}). {@code environment/install.sh}
 * installs Jupyter and the kernel; {@code greater notebook} and {@code greater notebooks --execute}
 * run the notebooks in {@code notebooks/}.
 */
package org.greater4j.notebook;
