package nexus.iam.authserver;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshReuseGuardTests {

	@Test
	void reusedWhenUnknownTokenIsOnRecordAsRotatedThenFamilyRevoked() {
		assertThat(RefreshReuseGuard.reused(refusal(OAuth2ErrorCodes.INVALID_GRANT), Optional.of("authorization-1")))
			.isTrue();
	}

	@Test
	void reusedWhenUnknownTokenWasNeverOursThenNothingRevoked() {
		assertThat(RefreshReuseGuard.reused(refusal(OAuth2ErrorCodes.INVALID_GRANT), Optional.empty())).isFalse();
	}

	@Test
	void reusedWhenRefusedForAnotherReasonThenNothingRevoked() {
		assertThat(RefreshReuseGuard.reused(refusal(OAuth2ErrorCodes.INVALID_CLIENT), Optional.of("authorization-1")))
			.isFalse();
		assertThat(RefreshReuseGuard.reused(refusal(OAuth2ErrorCodes.INVALID_SCOPE), Optional.of("authorization-1")))
			.isFalse();
	}

	@Test
	void reusedWhenTheLoserOfAConcurrentRotationThenNothingRevoked() {
		assertThat(RefreshReuseGuard.reused(new PostgresAuthorizationService.ConcurrentRotationException(),
				Optional.of("authorization-1"))).isFalse();
	}

	private static OAuth2AuthenticationException refusal(String code) {
		return new OAuth2AuthenticationException(code);
	}
}
