/**
 * A finished run put to use: encode new images with its network ({@link
 * io.dpfah.search.TrainedRun}), search its database or codes written by {@code dpfah encode}
 * ({@link io.dpfah.search.CodeDatabase}, {@link io.dpfah.search.HammingSearch}), and show
 * retrieval results as images ({@link io.dpfah.search.RetrievalGallery}, {@link
 * io.dpfah.search.Gallery}).
 *
 * <p>Design decisions:
 *
 * <ul>
 *   <li>Everything comes from the run folder: {@code spec.yaml} builds the network and the
 *       evaluation pipeline, {@code model/} holds the weights, {@code data.json} the
 *       normalisation, so encoding a run's own images reproduces its saved codes.
 *   <li>Saved codes carry no pool indices: they follow the protocol's query and database
 *       splits, which {@link io.dpfah.search.RunData} rebuilds from the spec and checks against
 *       the checksums in {@code data.json} before showing any image.
 *   <li>Rankings are exact and deterministic: Hamming distance, then database index.
 * </ul>
 */
package io.dpfah.search;
