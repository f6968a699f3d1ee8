package io.dpfah.spec;

import java.util.List;
import java.util.Map;

/**
 * Sweep axes over spec fields (dotted paths such as {@code model.attention}).
 *
 * @param mode grid (cartesian product of axes) or list (explicit variants)
 * @param axes grid axes in declaration order, path to values
 * @param variants explicit variants, each a map of path to value (list mode; in grid mode the
 *     grid is crossed with these when both are given)
 */
public record SweepSpec(String mode, Map<String, List<Object>> axes, List<Map<String, Object>> variants) {}
