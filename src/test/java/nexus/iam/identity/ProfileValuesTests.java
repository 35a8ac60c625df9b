package nexus.iam.identity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What may be stored as an e-mail address or a name: a table of cases, without Spring. */
class ProfileValuesTests {

	@ParameterizedTest
	@ValueSource(strings = { "alice@example.com", "jane.doe+tag@mail.example.co.uk", "o'brien@example.ie",
			"x_y-z@sub-domain.example", "j\u00fcrgen@b\u00fccher.example", "k8x2mq7zpd@privaterelay.appleid.com",
			"a!#$%&*/=?^`{|}~@example.com" })
	void isEmailAddressWhenAddressThenTrue(String address) {
		assertThat(ProfileValues.isEmailAddress(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a@b.c\u0000", "a\u0000@b.cd", "a@b", "@b.cd", "a@", "a@@b.cd", "a@b@c.de",
			"a b@c.de", "a@b c.de", "a\r\n@b.cd", "a@b.cd\nBcc: x@y.z", ".a@b.cd", "a.@b.cd", "a..b@c.de", "a@.b.cd",
			"a@b..cd", "a@-b.cd", "a@b-.cd", "<a>@b.cd", "\"a\"@b.cd", "a@b.cd\u202e", "a\u202e@b.cd", "a@[127.0.0.1]",
			"not an address" })
	void isEmailAddressWhenNotAnAddressThenFalse(String text) {
		assertThat(ProfileValues.isEmailAddress(text)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void isEmailAddressWhenTooLongThenFalse() {
		assertThat(ProfileValues.isEmailAddress("a".repeat(65) + "@example.com")).isFalse();
		assertThat(ProfileValues.isEmailAddress("a@" + "b".repeat(64) + ".com")).isFalse();
		assertThat(ProfileValues.isEmailAddress("a@" + (("b".repeat(60) + ".").repeat(5)) + "com")).isFalse();
		assertThat(ProfileValues.isEmailAddress("a".repeat(64) + "@example.com")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Jane Doe", "Zo\u00eb O'Brien-Smith", "\u5c71\u7530\u592a\u90ce", "\u0645\u062d\u0645\u062f",
			"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "Dr. A. B\u00f6hm \ud83d\ude80" })
	void isDisplayNameWhenNameThenTrue(String name) {
		assertThat(ProfileValues.isDisplayName(name)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "x\u0000y", "x\ny", "x\ty", "x\u0085y", "x\u2028y", "\u202eevil", "a\u2066b",
			"x\ud800y", "\ue000", "\u0378" })
	void isDisplayNameWhenControlFormattingOrUnassignedThenFalse(String text) {
		assertThat(ProfileValues.isDisplayName(text)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void isDisplayNameWhenLongerThanTheLimitThenFalse() {
		assertThat(ProfileValues.isDisplayName("n".repeat(ProfileValues.MAX_NAME))).isTrue();
		assertThat(ProfileValues.isDisplayName("n".repeat(ProfileValues.MAX_NAME + 1))).isFalse();
		assertThat(ProfileValues.displayNameOrNull("x\u0000")).isNull();
		assertThat(ProfileValues.emailAddressOrNull("a@b")).isNull();
	}
}
