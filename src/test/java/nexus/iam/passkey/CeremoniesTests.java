package nexus.iam.passkey;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import org.junit.jupiter.api.Test;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** webauthn4j's parsers on hostile input, without Spring: always a 400 problem, never another exception. */
class CeremoniesTests {

	private final Ceremonies ceremonies = new Ceremonies(RelyingParty.of(URI.create("https://id.nexus.example"),
			new PasskeyProperties(null, "Nexus", List.of(), Duration.ofMinutes(5), Duration.ofMinutes(10))));

	@Test
	void parseWhenNullEmptyOrWithoutResponseThenResponseInvalid() {
		for (String json : List.of("null", "{}", "[]", "1", "\"x\"", "{\"id\": \"AAAA\", \"type\": \"public-key\"}",
				"{\"id\": \"AAAA\", \"rawId\": \"AAAA\", \"type\": \"public-key\", \"response\": null}",
				"{\"id\": \"AAAA\", \"rawId\": \"AAAA\", \"type\": \"public-key\", \"response\": {}}",
				"{\"id\": \"AAAA\", \"rawId\": \"AAAA\", \"type\": \"public-key\", \"response\": {\"clientDataJSON\": \"e30\"}}",
				"{\"id\": 5, \"response\": {\"clientDataJSON\": [1]}}", "{")) {
			assertThatThrownBy(() -> this.ceremonies.parseAuthentication(json)).as(json)
				.isInstanceOfSatisfying(ProblemException.class,
						(ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.PASSKEY_RESPONSE_INVALID));
			assertThatThrownBy(() -> this.ceremonies.parseRegistration(json)).as(json)
				.isInstanceOfSatisfying(ProblemException.class,
						(ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.PASSKEY_RESPONSE_INVALID));
		}
	}

	@Test
	void amrWhenSyncedOrDeviceBoundThenSwkOrHwkAndMfaOnlyWithUserVerification() {
		assertThat(PasskeySignIn.amr(flags(AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV)))
			.containsExactly("hwk", "user", "mfa");
		assertThat(PasskeySignIn.amr(flags(AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV | AuthenticatorData.BIT_BE)))
			.containsExactly("swk", "user", "mfa");
		assertThat(PasskeySignIn.amr(flags(AuthenticatorData.BIT_UP))).containsExactly("hwk", "user");
	}

	private static AuthenticatorData<?> flags(int flags) {
		return new AuthenticatorData<>(new byte[32], (byte) flags, 0);
	}
}
