package nexus.iam.revocation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UuidLongTableTests {

	@Test
	void putThenGetAcrossGrowth() {
		UuidLongTable table = new UuidLongTable(100_000);
		List<UUID> keys = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			UUID key = UUID.randomUUID();
			keys.add(key);
			assertThat(table.put(key, i, Math::max)).isTrue();
		}
		for (int i = 0; i < keys.size(); i++) {
			assertThat(table.get(keys.get(i), -1)).isEqualTo(i);
		}
		assertThat(table.get(UUID.randomUUID(), -1)).isEqualTo(-1);
		assertThat(table.size()).isEqualTo(20_000);
		// 20,000 entries fit in 32,768 slots of 24 bytes
		assertThat(table.footprintBytes()).isEqualTo(32_768L * 24);
	}

	@Test
	void putWhenKeyHeldThenMerged() {
		UuidLongTable table = new UuidLongTable(10);
		UUID key = UUID.randomUUID();
		table.put(key, 5, Math::max);
		table.put(key, 3, Math::max);
		assertThat(table.get(key, -1)).isEqualTo(5);
		assertThat(table.size()).isEqualTo(1);
	}

	@Test
	void putWhenFullThenNewKeysRefusedAndHeldKeysStillMerge() {
		UuidLongTable table = new UuidLongTable(2);
		UUID first = UUID.randomUUID();
		assertThat(table.put(first, 1, Math::max)).isTrue();
		assertThat(table.put(UUID.randomUUID(), 1, Math::max)).isTrue();
		UUID third = UUID.randomUUID();
		assertThat(table.put(third, 1, Math::max)).isFalse();
		assertThat(table.get(third, -1)).isEqualTo(-1);
		assertThat(table.put(first, 9, Math::max)).isTrue();
		assertThat(table.get(first, -1)).isEqualTo(9);
	}

	@Test
	void putWhenNilUuidThenRefused() {
		assertThat(new UuidLongTable(10).put(new UUID(0, 0), 1, Math::max)).isFalse();
	}

	@Test
	void retainIfThenDropsTheRestAndShrinks() {
		UuidLongTable table = new UuidLongTable(100_000);
		List<UUID> keys = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			UUID key = UUID.randomUUID();
			keys.add(key);
			table.put(key, i, Math::max);
		}
		table.retainIf((value) -> value >= 9_990);
		assertThat(table.size()).isEqualTo(10);
		assertThat(table.get(keys.get(9_995), -1)).isEqualTo(9_995);
		assertThat(table.get(keys.get(5), -1)).isEqualTo(-1);
		assertThat(table.footprintBytes()).isEqualTo(1024L * 24);
	}
}
