package io.dpfah.spec;

/**
 * Weights of the three loss terms: L = pairwise*Lp + classification*Lc + quantization*Lq.
 *
 * @param pairwise weight of the DPSH pairwise likelihood term
 * @param classification weight of the classification term
 * @param quantization weight of the quantisation ("regulation") term mean((|u|-1)^2)
 * @param memory compare each batch with the latest codes of all training images (DPSH as in
 *     DeepHash-pytorch); false = within-batch pairs only
 */
public record LossSpec(double pairwise, double classification, double quantization, boolean memory) {}
