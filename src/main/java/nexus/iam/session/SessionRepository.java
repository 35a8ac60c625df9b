package nexus.iam.session;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code user_sessions} table. */
@Repository
class SessionRepository {

	private final JdbcClient jdbc;

	SessionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, UUID userId, String provider, List<String> amr, ClientContext client, Instant now,
			Instant expiresAt) {
		this.jdbc.sql("""
				INSERT INTO user_sessions (id, user_id, provider, amr, ip_address, user_agent,
				                           created_at, last_activity_at, expires_at)
				VALUES (:id, :userId, :provider, :amr, CAST(:ip AS inet), :userAgent, :now, :now, :expiresAt)
				""")
			.param("id", id)
			.param("userId", userId)
			.param("provider", provider)
			.param("amr", amr.toArray(String[]::new))
			.param("ip", client.ipAddress())
			.param("userAgent", truncate(client.userAgent()))
			.param("now", Timestamp.from(now))
			.param("expiresAt", Timestamp.from(expiresAt))
			.update();
	}

	void attachRefreshToken(UUID sessionId, UUID refreshTokenId) {
		this.jdbc.sql("UPDATE user_sessions SET refresh_token_id = :tokenId WHERE id = :id")
			.param("tokenId", refreshTokenId)
			.param("id", sessionId)
			.update();
	}

	private static String truncate(String value) {
		return (value != null && value.length() > 512) ? value.substring(0, 512) : value;
	}
}
