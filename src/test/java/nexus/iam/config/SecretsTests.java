package nexus.iam.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTests {

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "short", "changeme-changeme-changeme-changeme", "my-default-value-for-the-state-key-xyz",
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababababababababababababab" })
	void weaknessWhenMissingShortPlaceholderOrRepetitiveThenReported(String value) {
		assertThat(Secrets.weakness(value)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "q3J8v0Zr4Kx1nW7mYc2Lh9Pb6Tf5Gd8Se1Ua4Oi7", "J9xv2Mq/8LtR0kZw3YhN6bC1pF5sD7gE4uA+iKoV" })
	void weaknessWhenRandomThenNone(String value) {
		assertThat(Secrets.weakness(value)).isEmpty();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "hunter2", "abcdefghijklmno", "my-smtp-password-1234", "CHANGEME-CHANGEME-1" })
	void issuedWeaknessWhenMissingShortOrPlaceholderThenReported(String value) {
		assertThat(Secrets.issuedWeakness(value)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "abcdefghijklmnop", "GOCSPX-1a2B3c4D5e6F7g8H9i0JkLmNoPq", "SG.x7Yk2Pq9Rt4Lm8Wn3Vb6" })
	void issuedWeaknessWhenSixteenOrMoreCharactersWithoutPlaceholderThenNone(String value) {
		assertThat(Secrets.issuedWeakness(value)).isEmpty();
	}

	@Test
	void issuedWeaknessWhenAnAppPasswordThenNoneThoughTooShortForTheServicesOwnSecrets() {
		// a Gmail app password: 16 letters chosen by Google
		assertThat(Secrets.issuedWeakness("qwhfmzrtlbxkdpvn")).isEmpty();
		assertThat(Secrets.weakness("qwhfmzrtlbxkdpvn")).isPresent();
	}
}
