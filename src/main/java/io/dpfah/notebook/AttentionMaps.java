package io.dpfah.notebook;

import java.util.List;

/**
 * Attention weights of one variant for a batch of images, averaged over channels.
 *
 * @param attention the variant ({@code pfa}, {@code se}, ...)
 * @param blockNames one name per BasicBlock, e.g. {@code layer1.0 (64ch, 28x28)}
 * @param maps {@code maps.get(block)[image][y][x]}: the block's weights averaged over channels
 *     (SE's weights are per channel only, so its maps are constant over space)
 * @param attentionParameters the variant's trainable attention parameters summed over all blocks
 */
public record AttentionMaps(
    String attention, List<String> blockNames, List<float[][][]> maps, long attentionParameters) {

  /** Copies the lists. */
  public AttentionMaps {
    blockNames = List.copyOf(blockNames);
    maps = List.copyOf(maps);
  }

  /** Number of BasicBlocks. */
  public int blocks() {
    return maps.size();
  }

  /** Number of images. */
  public int images() {
    return maps.isEmpty() ? 0 : maps.get(0).length;
  }

  /** The 2-D map of one image at one block. */
  public float[][] map(int image, int block) {
    return maps.get(block)[image];
  }
}
