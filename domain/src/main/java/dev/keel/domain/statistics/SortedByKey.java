package dev.keel.domain.statistics;

import java.util.AbstractList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;

/** Binary search of a list sorted ascending by a key of its elements (bars by date, assessments by time). */
public final class SortedByKey {

  private SortedByKey() {}

  /**
   * The position of the element whose key is {@code wanted}, or {@code -(insertion point) - 1} when there is none (the
   * convention of {@link Collections#binarySearch(List, Object)}).
   *
   * @param sorted random-access, keys strictly ascending
   */
  public static <T, K extends Comparable<? super K>> int indexOf(List<T> sorted, Function<? super T, ? extends K> key,
                                                                 K wanted) {
    return Collections.binarySearch(new Keys<>(sorted, key), wanted);
  }

  /** The keys of a list, read as they are asked for. */
  private static final class Keys<T, K> extends AbstractList<K> implements RandomAccess {
    private final List<T> elements;
    private final Function<? super T, ? extends K> key;

    Keys(List<T> elements, Function<? super T, ? extends K> key) {
      this.elements = elements;
      this.key = key;
    }

    @Override
    public K get(int index) {
      return key.apply(elements.get(index));
    }

    @Override
    public int size() {
      return elements.size();
    }
  }
}
