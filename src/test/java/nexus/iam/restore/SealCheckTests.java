package nexus.iam.restore;

import org.junit.jupiter.api.Test;

import nexus.iam.restore.SealCheck.Action;

import static org.assertj.core.api.Assertions.assertThat;

class SealCheckTests {

	@Test
	void aSealedDatabaseStartsWhateverTheSetting() {
		for (UnsealedDatabase setting : UnsealedDatabase.values()) {
			assertThat(SealCheck.decide(true, setting)).isEqualTo(Action.START);
		}
	}

	@Test
	void anUnsealedDatabaseIsRefusedByDefault() {
		assertThat(SealCheck.decide(false, new RestoreProperties(UnsealedDatabase.REFUSE, java.time.Duration.ofSeconds(5))
			.unsealedDatabase())).isEqualTo(Action.REFUSE);
	}

	@Test
	void anUnsealedDatabaseStartsOnlyAsTheSettingSays() {
		assertThat(SealCheck.decide(false, UnsealedDatabase.SEAL)).isEqualTo(Action.SEAL_THEN_START);
		assertThat(SealCheck.decide(false, UnsealedDatabase.ACCEPT)).isEqualTo(Action.ACCEPT_THEN_START);
	}

	@Test
	void theRefusalNamesTheSettingAndTheScript() {
		assertThat(SealCheck.refusal()).contains("NEXUS_RESTORE_UNSEALED_DATABASE=seal", "restore.sh");
	}
}
