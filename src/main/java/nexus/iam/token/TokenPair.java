package nexus.iam.token;

import java.time.Instant;
import java.util.UUID;

/**
 * What a client gets at sign-in and at each refresh.
 *
 * @param accessToken the signed access token
 * @param accessTokenExpiresAt when it expires
 * @param refreshToken the opaque refresh token (shown once, stored only as a hash)
 * @param refreshTokenId the row id of the refresh token
 * @param refreshTokenExpiresAt when it expires
 */
public record TokenPair(String accessToken, Instant accessTokenExpiresAt, String refreshToken, UUID refreshTokenId,
		Instant refreshTokenExpiresAt) {

	@Override
	public String toString() {
		// never let a token reach a log line through string concatenation
		return "TokenPair[refreshTokenId=" + this.refreshTokenId + ", accessTokenExpiresAt=" + this.accessTokenExpiresAt
				+ "]";
	}
}
