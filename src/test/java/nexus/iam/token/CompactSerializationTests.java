package nexus.iam.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nexus.iam.token.AccessTokenRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** One token, one spelling: RFC 7515 compact serialization is unpadded, canonical base64url. */
class CompactSerializationTests {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private final AccessTokenService service = new AccessTokenService(new SigningKeys(new JWKSet(SigningKeys.generate())),
			"https://iam.nexus.test", "nexus", Duration.ofMinutes(15),
			Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));

	/** A token whose signature has a character that base64url and standard base64 spell apart. */
	private final String token = tokenWithUrlSafeCharacters();

	@Test
	void verifyWhenIssuedSpellingThenAccepted() {
		assertThat(CompactSerialization.isCanonicalJws(this.token)).isTrue();
		assertThat(this.service.verify(this.token).amr()).containsExactly("google");
	}

	@Test
	void verifyWhenSignaturePaddedThenMalformed() {
		assertNonCanonical(signature() + "==");
	}

	@Test
	void verifyWhenSignatureInStandardBase64ThenMalformed() {
		byte[] raw = Base64.getUrlDecoder().decode(signature());
		String standard = Base64.getEncoder().encodeToString(raw);
		assertNonCanonical(standard);
		assertNonCanonical(standard.replace("=", ""));
	}

	@Test
	void verifyWhenLastCharacterDecodesToTheSameBytesThenMalformed() {
		// 64 signature bytes are 86 characters; the last carries 2 bits of data and 4 unused ones
		String signature = signature();
		char last = signature.charAt(signature.length() - 1);
		String other = signature.substring(0, signature.length() - 1) + ALPHABET.charAt(ALPHABET.indexOf(last) | 1);
		assertThat(Base64.getUrlDecoder().decode(other)).isEqualTo(Base64.getUrlDecoder().decode(signature));
		assertNonCanonical(other);
	}

	@Test
	void verifyWhenNonCanonicalSpellingRefusedThenTheCanonicalOneStillVerifies() {
		assertNonCanonical(signature() + "==");
		assertThat(this.service.verify(this.token).amr()).containsExactly("google");
	}

	/** "a", "ab" and "abc" in base64url: YQ, YWI, YWJj; an empty part is no bytes (an unsigned JWS). */
	@ParameterizedTest
	@ValueSource(strings = { "YQ.YQ.YQ", "YWI.YWI.YWI", "YWJj.YWJj.YWJj", "YQ.YWI.YWJj-w", "YQ.YQ." })
	void isCanonicalWhenUnpaddedCanonicalPartsThenTrue(String text) {
		assertThat(CompactSerialization.isCanonicalJws(text)).isTrue();
	}

	/** YR and YWJ decode to "a" and "ab" too, with unused bits set. */
	@ParameterizedTest
	@ValueSource(strings = { "", "a.b.c", "YQ.YQ", "YQ.YQ.YQ.YQ", "YQ==.YQ.YQ", "Y.YQ.YQ", "YR.YQ.YQ", "YWJ.YQ.YQ",
			"YQ.Y+Q.YQ", "YQ.Y/Q.YQ", "YQ. YQ.YQ", "YQ.YQ.YQ\u0000" })
	void isCanonicalWhenNotThreeCanonicalPartsThenFalse(String text) {
		assertThat(CompactSerialization.isCanonicalJws(text)).isFalse();
	}

	private String tokenWithUrlSafeCharacters() {
		// ECDSA signatures are random: about one in fifteen has neither '-' nor '_'
		while (true) {
			String issued = this.service.issue(UUID.randomUUID(), UUID.randomUUID(), List.of("google")).value();
			String signature = issued.substring(issued.lastIndexOf('.') + 1);
			if (signature.contains("-") || signature.contains("_")) {
				return issued;
			}
		}
	}

	private String signature() {
		return this.token.substring(this.token.lastIndexOf('.') + 1);
	}

	private void assertNonCanonical(String signature) {
		String spelling = this.token.substring(0, this.token.lastIndexOf('.') + 1) + signature;
		assertThat(spelling).isNotEqualTo(this.token);
		assertThatExceptionOfType(AccessTokenRejectedException.class).isThrownBy(() -> this.service.verify(spelling))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED));
	}
}
