package nexus.iam.mfa;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** TOTP as configured, against RFC 6238; and the pieces around it. */
class TotpTests {

	private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	private final Totp totp = new Totp();

	/** RFC 6238 Appendix B, SHA-1: the 6-digit codes are the last six digits of the 8-digit values. */
	@ParameterizedTest(name = "T = {0}")
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	void codeWhenRfc6238VectorThenLastSixDigitsMatch(long time, String expected) {
		Instant at = Instant.ofEpochSecond(time);

		assertThat(this.totp.codeText(RFC_SECRET, at)).isEqualTo(expected.substring(2));
		assertThat(this.totp.matchingStep(RFC_SECRET, expected.substring(2), at)).hasValue(time / 30);
	}

	@Test
	void matchingStepWhenOneStepOffThenAcceptedAndTwoStepsOffThenRefused() {
		Instant now = Instant.ofEpochSecond(1_111_111_111);
		long step = Totp.step(now);

		assertThat(this.totp.matchingStep(RFC_SECRET, this.totp.codeText(RFC_SECRET, now.minusSeconds(30)), now))
			.hasValue(step - 1);
		assertThat(this.totp.matchingStep(RFC_SECRET, this.totp.codeText(RFC_SECRET, now.plusSeconds(30)), now))
			.hasValue(step + 1);
		assertThat(this.totp.matchingStep(RFC_SECRET, this.totp.codeText(RFC_SECRET, now.minusSeconds(60)), now))
			.isEmpty();
		assertThat(this.totp.matchingStep(RFC_SECRET, this.totp.codeText(RFC_SECRET, now.plusSeconds(60)), now))
			.isEmpty();
	}

	@Test
	void matchingStepWhenNotSixDigitsThenRefused() {
		Instant now = Instant.ofEpochSecond(59);

		assertThat(this.totp.matchingStep(RFC_SECRET, "94287082", now)).isEmpty();
		assertThat(this.totp.matchingStep(RFC_SECRET, "28708", now)).isEmpty();
		assertThat(this.totp.matchingStep(RFC_SECRET, "2870a2", now)).isEmpty();
		assertThat(this.totp.matchingStep(RFC_SECRET, "287 082", now)).hasValue(1);
	}

	@Test
	void base32WhenRfc4648VectorsThenUnpadded() {
		assertThat(Base32.encode("".getBytes(StandardCharsets.US_ASCII))).isEmpty();
		assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
		assertThat(Base32.encode("fooba".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTB");
		assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
	}

	@Test
	void secretCipherWhenSameUserThenRoundTripsAndOtherUserOrKeyThenFails() {
		SecretCipher cipher = new SecretCipher("a service secret of enough length".getBytes(StandardCharsets.UTF_8));
		UUID alice = UUID.randomUUID();
		byte[] sealed = cipher.encrypt(alice, RFC_SECRET);

		assertThat(cipher.decrypt(alice, sealed)).isEqualTo(RFC_SECRET);
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("12345678901234567890");
		assertThatIllegalStateException().isThrownBy(() -> cipher.decrypt(UUID.randomUUID(), sealed));
		assertThatIllegalStateException()
			.isThrownBy(() -> new SecretCipher("another secret".getBytes(StandardCharsets.UTF_8)).decrypt(alice, sealed));
	}

	@Test
	void recoveryCodesWhenGeneratedThenTenDistinctAndHashIgnoresCaseAndDashes() {
		var codes = RecoveryCodes.generate();

		assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch((code) -> code.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
		String code = codes.get(0);
		assertThat(RecoveryCodes.hash(code.toUpperCase().replace("-", " "))).isEqualTo(RecoveryCodes.hash(code));
	}
}
