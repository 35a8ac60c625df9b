package nexus.iam.passkey;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import nexus.iam.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasskeyNamesTests {

	@Test
	void chosenOrWhenNoNameThenTheKnownProviderElseTheBrowserAndOs() {
		assertThat(PasskeyNames.chosenOr(null, UUID.fromString("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"), "Chrome 140", "Linux"))
			.isEqualTo("Google Password Manager");
		assertThat(PasskeyNames.chosenOr(" ", null, "Chrome 140", "Linux")).isEqualTo("Chrome 140 on Linux");
		assertThat(PasskeyNames.chosenOr(null, null, null, null)).isEqualTo("Passkey");
		assertThat(PasskeyNames.chosenOr("  Laptop ", null, "Chrome 140", "Linux")).isEqualTo("Laptop");
	}

	@Test
	void checkWhenTooLongOrControlCharactersThenRefused() {
		assertThat(PasskeyNames.check("x".repeat(64))).hasSize(64);
		assertThatThrownBy(() -> PasskeyNames.check("x".repeat(65))).isInstanceOf(ProblemException.class);
		assertThatThrownBy(() -> PasskeyNames.check("a\u0000b")).isInstanceOf(ProblemException.class);
		assertThatThrownBy(() -> PasskeyNames.check(null)).isInstanceOf(ProblemException.class);
	}
}
