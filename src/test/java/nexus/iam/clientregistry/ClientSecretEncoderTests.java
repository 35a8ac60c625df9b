package nexus.iam.clientregistry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSecretEncoderTests {

	private final ClientSecretEncoder encoder = new ClientSecretEncoder();

	@Test
	void encodeThenOnlyTheSameSecretMatches() {
		String hash = this.encoder.encode("s3cret-s3cret-s3cret");
		assertThat(hash).hasSize(43).doesNotContain("s3cret");
		assertThat(this.encoder.matches("s3cret-s3cret-s3cret", hash)).isTrue();
		assertThat(this.encoder.matches("s3cret-s3cret-s3creT", hash)).isFalse();
		assertThat(this.encoder.matches("", hash)).isFalse();
		assertThat(this.encoder.matches("s3cret-s3cret-s3cret", null)).isFalse();
	}

	@Test
	void encodeWhenCalledTwiceThenSameHash() {
		// unsalted on purpose: the secret itself carries 256 random bits
		assertThat(this.encoder.encode("x")).isEqualTo(this.encoder.encode("x"));
	}
}
