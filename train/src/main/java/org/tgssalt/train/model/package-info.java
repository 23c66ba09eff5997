/**
 * The reference segmentation network as named DJL blocks.
 *
 * <p>{@link org.tgssalt.train.model.SaltNet} is the whole network; every sub-module is its own
 * {@link ai.djl.nn.AbstractBlock} subclass that keeps its specification ({@link
 * org.tgssalt.train.model.ConvSpec}, channel counts, bins) so that the ONNX exporter can walk the
 * tree through typed accessors instead of parsing parameter names. Parameter-free operations that
 * DJL lacks (bilinear resize and grid sampling with align_corners=True) are
 * {@link org.tgssalt.train.model.BilinearResize} and {@link org.tgssalt.train.model.GridSampler},
 * both built from differentiable primitives so autograd works through them.
 */
package org.tgssalt.train.model;
