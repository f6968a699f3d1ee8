package io.dpfah.search;

/**
 * One search result.
 *
 * @param rank 1-based position in the ranking
 * @param index database row
 * @param distance Hamming distance to the query
 */
public record Neighbour(int rank, int index, int distance) {}
