/**
 * A compact Jupyter kernel for Java built on jjava-jupyter: a JShell session executing in the
 * kernel's JVM ({@link io.dpfah.notebook.kernel.CodeEvaluator}), rich rendering of Tablesaw tables
 * and XChart charts ({@link io.dpfah.notebook.kernel.Renderers}), IJava-style {@code display(...)}
 * ({@link io.dpfah.notebook.kernel.Display}) and line magics
 * ({@link io.dpfah.notebook.kernel.LineMagics}). Entry point:
 * {@link io.dpfah.notebook.kernel.JavaKernel}.
 */
package io.dpfah.notebook.kernel;
