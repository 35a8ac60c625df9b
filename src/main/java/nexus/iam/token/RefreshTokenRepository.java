package nexus.iam.token;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code refresh_tokens} table: hashes only, never a token itself. */
@Repository
class RefreshTokenRepository {

	private final JdbcClient jdbc;

	RefreshTokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, UUID sessionId, @Nullable UUID parentId, byte[] tokenHash, Instant issuedAt,
			Instant expiresAt) {
		this.jdbc.sql("""
				INSERT INTO refresh_tokens (id, session_id, parent_id, token_hash, issued_at, expires_at)
				VALUES (:id, :sessionId, :parentId, :hash, :issuedAt, :expiresAt)
				""")
			.param("id", id)
			.param("sessionId", sessionId)
			.param("parentId", parentId)
			.param("hash", tokenHash)
			.param("issuedAt", java.sql.Timestamp.from(issuedAt))
			.param("expiresAt", java.sql.Timestamp.from(expiresAt))
			.update();
	}
}
