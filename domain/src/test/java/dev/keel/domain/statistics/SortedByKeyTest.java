package dev.keel.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SortedByKeyTest {

  private record Item(int key, String name) {}

  private static final List<Item> ITEMS = List.of(new Item(2, "b"), new Item(5, "e"), new Item(9, "i"));

  @Test
  void a_present_key_gives_its_position() {
    assertThat(SortedByKey.indexOf(ITEMS, Item::key, 2)).isZero();
    assertThat(SortedByKey.indexOf(ITEMS, Item::key, 9)).isEqualTo(2);
  }

  @Test
  void an_absent_key_gives_minus_its_insertion_point_minus_one() {
    assertThat(SortedByKey.indexOf(ITEMS, Item::key, 1)).isEqualTo(-1);
    assertThat(SortedByKey.indexOf(ITEMS, Item::key, 6)).isEqualTo(-3);
    assertThat(SortedByKey.indexOf(ITEMS, Item::key, 10)).isEqualTo(-4);
    assertThat(SortedByKey.indexOf(List.<Item>of(), Item::key, 1)).isEqualTo(-1);
  }
}
