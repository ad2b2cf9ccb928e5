/**
 * Exporting trained weights as a model folder the engine loads: {@link dev.bitnet4j.train.export.ModelExport}.
 */
package dev.bitnet4j.train.export;
