package io.dpfah.data;

/**
 * A pool made of an official training part followed by an official test part: pool indices
 * {@code [0, trainSize())} are training images, {@code [trainSize(), size())} test images.
 */
public interface TrainTestPool extends ImageSource {
  /** Number of images in the training part (the first ones of the pool). */
  int trainSize();
}
