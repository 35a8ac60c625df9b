package nexus.iam.authserver;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens: 256 random bits, for every confidential client allowed the refresh grant, with or
 * without {@code offline_access} (they die with the Nexus session anyway). Public clients get none:
 * they cannot authenticate a refresh.
 */
final class RefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	RefreshTokens(Clock clock) {
		this.clock = clock;
	}

	@Override
	public @Nullable OAuth2RefreshToken generate(OAuth2TokenContext context) {
		RegisteredClient client = context.getRegisteredClient();
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
				|| !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)
				|| client.getClientAuthenticationMethods().equals(java.util.Set.of(ClientAuthenticationMethod.NONE))) {
			return null;
		}
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		Instant now = this.clock.instant();
		return new OAuth2RefreshToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), now,
				now.plus(client.getTokenSettings().getRefreshTokenTimeToLive()));
	}
}
