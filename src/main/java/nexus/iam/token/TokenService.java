package nexus.iam.token;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.token.AccessTokenService.IssuedAccessToken;

/** Issues the token pair of a session: the first at sign-in, later ones at each refresh. */
@Service
public class TokenService {

	private final AccessTokenService accessTokens;

	private final RefreshTokenRepository refreshTokens;

	private final TokenProperties properties;

	private final Clock clock;

	TokenService(AccessTokenService accessTokens, RefreshTokenRepository refreshTokens, TokenProperties properties,
			Clock clock) {
		this.accessTokens = accessTokens;
		this.refreshTokens = refreshTokens;
		this.properties = properties;
		this.clock = clock;
	}

	/** The first pair of a new session; the session row must exist in the same transaction. */
	@Transactional
	public TokenPair issueForNewSession(UUID userId, UUID sessionId, List<String> amr) {
		Instant now = this.clock.instant();
		String refreshValue = RefreshTokens.newValue();
		UUID refreshId = UUID.randomUUID();
		Instant refreshExpiresAt = now.plus(this.properties.refreshTokenLifetime());
		this.refreshTokens.insert(refreshId, sessionId, null, RefreshTokens.hash(refreshValue), now, refreshExpiresAt);
		IssuedAccessToken access = this.accessTokens.issue(userId, sessionId, amr);
		return new TokenPair(access.value(), access.expiresAt(), refreshValue, refreshId, refreshExpiresAt);
	}
}
