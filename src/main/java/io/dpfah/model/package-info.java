/**
 * The DPFAH network on DJL (PyTorch engine): ResNet18/34 in torchvision's BasicBlock layout
 * ({@link io.dpfah.model.ResNetBackbone}) with an attention module in every BasicBlock, a hash
 * layer (tanh, raw or batch-normalised: the method's {@link io.dpfah.method.HashActivation}) and
 * an optional classifier ({@link io.dpfah.model.HashingNetwork}, built by {@link
 * io.dpfah.model.ModelFactory}).
 *
 * <p>Design decisions:
 *
 * <ul>
 *   <li>Attention variants come from {@link io.dpfah.model.AttentionRegistry}: {@code none},
 *       {@code pfa} (SimAM, 0 parameters, 1×1 maps guarded by {@code n = max(H·W − 1, 1)}),
 *       {@code se} (hidden {@code max(1, C / r)}, biases), {@code spatial} (CBAM reference:
 *       conv without bias + BatchNorm, {@code 2k² + 2}) and {@code cbam} (channel MLP on avg and
 *       max descriptors, then the spatial gate).
 *   <li>The classifier reads the hash codes u by default ({@code Linear(K → classes)}); {@link
 *       io.dpfah.model.ClassifierInput#FEATURES} puts it on the 512-d features instead, {@link
 *       io.dpfah.model.ClassifierInput#SIGNS} on sign(u) with a straight-through gradient and
 *       without bias (GreedyHash).
 *   <li>Parameters are counted on the initialised block ({@link io.dpfah.model.ParameterCount});
 *       BatchNorm running statistics are not parameters.
 * </ul>
 */
package io.dpfah.model;
